//! Clinics that set themselves up: registration under the deployment's sign-up rule, the
//! owner's checklist and publishing, and the operators' approval.

use super::{Ctx, clinic_admin::clinic_for_staff};
use crate::{
    domain::{
        catalog::{Clinic, Slug},
        clinic_setup::{ClinicForm, SetupStep, parse_slug},
        roles::Role,
    },
    error::{AppError, Conflict, Invalid},
    ssr::{caller::Caller, store::StoreError},
    views::clinic_setup::{ChecklistStep, NewClinicInfo, PendingClinic, SetupChecklist, SlugCheck},
};

/// Whether the caller is one of the operators named by `CALENTIFY_OPERATORS`, by a
/// contact their sign-in proved.
pub fn is_operator(ctx: &Ctx, caller: &Caller) -> bool {
    ctx.state
        .config
        .operators
        .includes(caller.user.email.as_ref(), caller.user.phone.as_ref())
}

/// Whether a clinic page, its booking flow or its rules may be shown to this visitor:
/// everyone once it is listed, before that only its own staff (who preview it).
pub async fn visible_to(ctx: &Ctx, clinic: &Clinic) -> Result<(), AppError> {
    if clinic.listed {
        return Ok(());
    }
    match ctx.caller().await? {
        Some(caller) if caller.is_staff_of(clinic.id) => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

pub async fn new_clinic_info(ctx: &Ctx) -> Result<NewClinicInfo, AppError> {
    let signup = ctx.state.config.clinic_signup;
    let operator = ctx.caller().await?.map(|caller| is_operator(ctx, &caller));
    Ok(NewClinicInfo {
        signed_in: operator.is_some(),
        signup,
        may_register: signup.may_register(operator.unwrap_or(false)),
        needs_approval: signup.needs_approval(operator.unwrap_or(false)),
    })
}

/// Checks an address as the owner types it. Signed-in callers only, so the list of
/// clinics that are not published yet cannot be probed anonymously.
pub async fn check_slug(ctx: &Ctx, raw: &str) -> Result<SlugCheck, AppError> {
    ctx.require_caller().await?;
    let lang = ctx.lang();
    let (slug, problem) = match parse_slug(raw) {
        Err(e) => (
            raw.trim().to_lowercase(),
            Some(Invalid::from(e).message(lang).to_owned()),
        ),
        Ok(slug) => {
            let taken = ctx.store().slug_taken(&slug).await?;
            let problem = taken.then(|| {
                AppError::Conflict(Conflict::SlugTaken)
                    .message(lang)
                    .into_owned()
            });
            (slug.to_string(), problem)
        }
    };
    Ok(SlugCheck {
        slug,
        available: problem.is_none(),
        problem,
    })
}

/// Registers the clinic with its first branch and makes the caller its owner. Returns
/// its address. Every field is checked before anything is written.
pub async fn create(ctx: &Ctx, form: &ClinicForm) -> Result<Slug, AppError> {
    let caller = ctx.require_caller().await?;
    let operator = is_operator(ctx, &caller);
    let signup = ctx.state.config.clinic_signup;
    if !signup.may_register(operator) {
        return Err(AppError::Forbidden);
    }
    let new = form
        .parse(ctx.state.config.default_region)
        .map_err(|e| AppError::Invalid(e.into()))?;
    ctx.store()
        .create_clinic(
            &new,
            caller.user_id,
            !signup.needs_approval(operator),
            ctx.now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::Conflict(Conflict::SlugTaken),
            other => other.into(),
        })?;
    tracing::info!(clinic = %new.slug, "clinic registered");
    Ok(new.slug)
}

/// The checklist, for any of the clinic's staff.
pub async fn checklist(ctx: &Ctx, slug: &str) -> Result<SetupChecklist, AppError> {
    let (caller, clinic) = clinic_for_staff(ctx, slug, &Role::ALL).await?;
    let facts = ctx.store().setup_facts(clinic.id).await?;
    Ok(SetupChecklist {
        slug: clinic.slug.to_string(),
        steps: SetupStep::ALL
            .into_iter()
            .map(|step| ChecklistStep {
                step,
                done: facts.done(step),
            })
            .collect(),
        published: facts.published,
        approved: facts.approved,
        can_publish: caller.manages(clinic.id),
    })
}

/// Publishes the clinic once something can be booked; refused with the first missing
/// step otherwise. Owners and admins only.
pub async fn publish(ctx: &Ctx, slug: &str) -> Result<(), AppError> {
    let (_, clinic) = clinic_for_staff(ctx, slug, &[Role::Owner, Role::Admin]).await?;
    let facts = ctx.store().setup_facts(clinic.id).await?;
    facts
        .check_publishable()
        .map_err(|e| AppError::Invalid(e.into()))?;
    ctx.store().publish_clinic(clinic.id, ctx.now()).await?;
    Ok(())
}

/// Hides the clinic from patients again; its booked visits are untouched.
pub async fn unpublish(ctx: &Ctx, slug: &str) -> Result<(), AppError> {
    let (_, clinic) = clinic_for_staff(ctx, slug, &[Role::Owner, Role::Admin]).await?;
    ctx.store().unpublish_clinic(clinic.id).await?;
    Ok(())
}

/// The caller, if an operator; anyone else learns nothing (`NotFound`).
async fn require_operator(ctx: &Ctx) -> Result<Caller, AppError> {
    let caller = ctx.require_caller().await?;
    if is_operator(ctx, &caller) {
        Ok(caller)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn pending(ctx: &Ctx) -> Result<Vec<PendingClinic>, AppError> {
    require_operator(ctx).await?;
    Ok(ctx
        .store()
        .pending_clinics()
        .await?
        .into_iter()
        .map(|row| PendingClinic {
            name: row.name(),
            slug: row.slug,
            registered_at: row.created_at,
            published: row.published,
        })
        .collect())
}

pub async fn approve(ctx: &Ctx, slug: &str) -> Result<(), AppError> {
    require_operator(ctx).await?;
    let slug = Slug::parse(slug).map_err(|_| AppError::NotFound)?;
    let clinic = ctx.store().clinic_by_slug(&slug).await?;
    ctx.store().approve_clinic(clinic.id, ctx.now()).await?;
    tracing::info!(clinic = %slug, "clinic approved");
    Ok(())
}
