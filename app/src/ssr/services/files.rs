//! Files patients attach to appointments: checked by content, limited in size and
//! number, encrypted at rest, and served only to the patient and the clinic's staff
//! whose role gives clinical access.

use super::{
    Ctx,
    access::{self, Side},
};
use crate::ssr::client_errors::internal;
use crate::{
    domain::{
        attachments::{accepts_files, attachable_from},
        ids::{AppointmentId, FileId, UserId},
        schedule::local_date,
    },
    error::{AppError, Invalid},
    ssr::{
        store::{FileRefusal, NewFile},
        vault::Sealed,
    },
};
use chrono::{DateTime, Utc};

/// Largest accepted file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Files per appointment.
pub const MAX_FILES: i64 = 5;

/// The stored content type for a file's bytes, or `None` if it is not a PDF, JPEG or PNG.
pub fn detect(bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf") => Some("application/pdf"),
        Some("image/jpeg") => Some("image/jpeg"),
        Some("image/png") => Some("image/png"),
        _ => None,
    }
}

fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if name.trim().is_empty() {
        "file".to_owned()
    } else {
        name
    }
}

/// An appointment the caller may attach a file to, established before the upload's
/// body is read: a stranger's or a closed appointment's upload costs the server nothing.
pub struct UploadTarget {
    uploader: UserId,
    appointment: AppointmentId,
    not_before: DateTime<Utc>,
}

/// Only the patient's account holder attaches files (staff who see the appointment get
/// `Forbidden`, everyone else `NotFound`), and only to an upcoming or today's visit that
/// was not cancelled and has room for another file.
pub async fn authorise_upload(
    ctx: &Ctx,
    appointment: AppointmentId,
) -> Result<UploadTarget, AppError> {
    let (caller, row, side) = access::appointment_for(ctx, appointment).await?;
    if side != Side::Patient {
        return Err(AppError::Forbidden);
    }
    let clinic = ctx.store().clinic(row.clinic_id).await?;
    let tz = ctx
        .store()
        .clinic_catalog(row.clinic_id)
        .await?
        .branches
        .iter()
        .find(|b| b.id == row.branch_id)
        .map_or(clinic.time_zone, |b| b.time_zone)
        .tz();
    let now = ctx.now();
    if !accepts_files(
        row.status,
        local_date(tz, row.starts_at),
        local_date(tz, now),
    ) {
        return Err(AppError::Invalid(Invalid::FilesClosed));
    }
    let attached = ctx.store().files_of(row.id).await?.len();
    if i64::try_from(attached).unwrap_or(i64::MAX) >= MAX_FILES {
        return Err(AppError::Invalid(Invalid::TooManyFiles));
    }
    Ok(UploadTarget {
        uploader: caller.user_id,
        appointment: row.id,
        not_before: attachable_from(tz, now),
    })
}

/// Stores the file; the limits are checked again in the inserting transaction, which
/// has the last word when uploads race each other or a cancellation.
pub async fn upload(
    ctx: &Ctx,
    target: &UploadTarget,
    filename: &str,
    bytes: Vec<u8>,
) -> Result<FileId, AppError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::Invalid(Invalid::FileTooLarge));
    }
    let content_type = detect(&bytes).ok_or(AppError::Invalid(Invalid::FileType))?;
    let id = FileId(uuid::Uuid::now_v7());
    let vault = &ctx.state.vault;
    let context = format!("file:{id}");
    let content = vault
        .seal(&bytes, context.as_bytes())
        .map_err(|e| internal("a file could not be sealed", e))?;
    let name = vault
        .seal(
            clean_name(filename).as_bytes(),
            format!("file-name:{id}").as_bytes(),
        )
        .map_err(|e| internal("a file name could not be sealed", e))?;
    let stored = ctx
        .store()
        .insert_file(&NewFile {
            id,
            appointment_id: target.appointment,
            uploaded_by: target.uploader,
            content_type,
            size_bytes: i32::try_from(bytes.len())
                .map_err(|_| AppError::Invalid(Invalid::FileTooLarge))?,
            content: &content,
            name: &name,
            max_per_appointment: MAX_FILES,
            not_before: target.not_before,
            now: ctx.now(),
        })
        .await?;
    match stored {
        Ok(()) => Ok(id),
        Err(FileRefusal::TooMany) => Err(AppError::Invalid(Invalid::TooManyFiles)),
        Err(FileRefusal::Closed) => Err(AppError::Invalid(Invalid::FilesClosed)),
    }
}

/// A decrypted file for download.
pub struct Download {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub async fn download(ctx: &Ctx, id: FileId) -> Result<Download, AppError> {
    let file = ctx.store().file(id).await?;
    let (caller, row, side) = access::appointment_for(ctx, file.appointment_id).await?;
    // Staff without clinical access (the front desk) are told the file does not exist.
    if !access::sees_clinical(&caller, &row, side) {
        return Err(AppError::NotFound);
    }
    access::log_if_staff(
        ctx,
        &caller,
        &row,
        side,
        crate::domain::access_action::AccessAction::FileView,
    )
    .await?;
    let vault = &ctx.state.vault;
    let sealed = Sealed {
        key_id: file.key_id.clone(),
        nonce: file.nonce.clone(),
        ciphertext: file.ciphertext,
    };
    let bytes = vault
        .open(&sealed, format!("file:{id}").as_bytes())
        .map_err(|e| {
            tracing::error!(error = %e, "a stored file could not be decrypted");
            AppError::Internal
        })?;
    let name = crate::ssr::store::sealed_name(&file.key_id, &file.name_ciphertext)
        .and_then(|s| vault.open(&s, format!("file-name:{id}").as_bytes()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| "file".to_owned());
    Ok(Download {
        name,
        content_type: file.content_type,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pdf_jpeg_and_png_are_recognised() {
        assert_eq!(detect(b"%PDF-1.7\n%\xe2\xe3"), Some("application/pdf"));
        assert_eq!(
            detect(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F']),
            Some("image/jpeg")
        );
        assert_eq!(
            detect(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]),
            Some("image/png")
        );
        assert_eq!(detect(b"GIF89a"), None);
        assert_eq!(detect(b"<html><script>"), None);
        assert_eq!(detect(b"MZ\x90\x00"), None);
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_name(r"C:\Users\x\report.pdf"), "report.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b.pdf"), "ab.pdf");
        assert_eq!(clean_name(""), "file");
    }
}
