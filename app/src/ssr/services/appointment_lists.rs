//! "My appointments" as the page shows them: upcoming and past, split by the server.

use super::{Ctx, booking};
use crate::{
    domain::upcoming::split_upcoming, error::AppError, views::appointments::AppointmentLists,
};

pub async fn mine(ctx: &Ctx) -> Result<AppointmentLists, AppError> {
    let items = booking::mine(ctx).await?;
    let (upcoming, past) = split_upcoming(items, ctx.now(), |a| (a.status, a.ends_at));
    Ok(AppointmentLists { upcoming, past })
}
