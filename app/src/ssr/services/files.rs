//! Files patients attach to appointments: checked by content, limited in size and
//! number, encrypted at rest, and served only to the patient and the clinic's staff.

use super::{
    Ctx,
    access::{self, Side},
};
use crate::{
    domain::ids::{AppointmentId, FileId},
    error::{AppError, Invalid},
    ssr::{
        store::{NewFile, StoreError},
        vault::Sealed,
    },
};

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

pub async fn upload(
    ctx: &Ctx,
    appointment: AppointmentId,
    filename: &str,
    bytes: Vec<u8>,
) -> Result<FileId, AppError> {
    let (caller, row, side) = access::appointment_for(ctx, appointment).await?;
    if side != Side::Patient {
        return Err(AppError::Forbidden);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::Invalid(Invalid::FileTooLarge));
    }
    let content_type = detect(&bytes).ok_or(AppError::Invalid(Invalid::FileType))?;
    let id = FileId(uuid::Uuid::now_v7());
    let vault = &ctx.state.vault;
    let context = format!("file:{id}");
    let content = vault
        .seal(&bytes, context.as_bytes())
        .map_err(|_| AppError::Internal)?;
    let name = vault
        .seal(
            clean_name(filename).as_bytes(),
            format!("file-name:{id}").as_bytes(),
        )
        .map_err(|_| AppError::Internal)?;
    ctx.store()
        .insert_file(&NewFile {
            id,
            appointment_id: row.id,
            uploaded_by: caller.user_id,
            content_type,
            size_bytes: i32::try_from(bytes.len())
                .map_err(|_| AppError::Invalid(Invalid::FileTooLarge))?,
            content: &content,
            name: &name,
            max_per_appointment: MAX_FILES,
            now: ctx.now(),
        })
        .await
        .map_err(|e| match e {
            StoreError::Refused(_) => AppError::Invalid(Invalid::TooManyFiles),
            other => other.into(),
        })?;
    Ok(id)
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
    access::log_if_staff(ctx, &caller, &row, side, "file.view").await?;
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
