//! Email through SMTP (`lettre`): a text and an HTML part, and the appointment's
//! calendar file attached when there is one.

use super::{Notifier, Outgoing, SendError};
use async_trait::async_trait;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType},
};

pub struct SmtpNotifier {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpNotifier {
    /// `url` as in `CALENTIFY_SMTP_URL` (its scheme and `tls` parameter choose TLS,
    /// STARTTLS or plain); `from` a mailbox such as `Calentify <no-reply@example.com>`.
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| e.to_string())?
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| e.to_string())?;
        Ok(Self { transport, from })
    }

    fn message(&self, m: &Outgoing) -> Result<Message, SendError> {
        let to =
            m.to.parse::<Mailbox>()
                .map_err(|_| SendError::Permanent("not an email address".to_owned()))?;
        let body = MultiPart::alternative()
            .singlepart(SinglePart::plain(m.text.clone()))
            .singlepart(SinglePart::html(m.html.clone().unwrap_or_default()));
        let content = match &m.calendar {
            Some(ics) => MultiPart::mixed().multipart(body).singlepart(
                Attachment::new("appointment.ics".to_owned()).body(
                    ics.clone(),
                    ContentType::parse("text/calendar; charset=utf-8")
                        .map_err(|e| SendError::Permanent(e.to_string()))?,
                ),
            ),
            None => body,
        };
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .multipart(content)
            .map_err(|e| SendError::Permanent(e.to_string()))
    }
}

#[async_trait]
impl Notifier for SmtpNotifier {
    fn name(&self) -> &'static str {
        "smtp"
    }

    async fn send(&self, m: &Outgoing) -> Result<Option<String>, SendError> {
        let message = self.message(m)?;
        match self.transport.send(message).await {
            Ok(response) => Ok(response.message().next().map(str::to_owned)),
            // 5xx: the server will never take it (unknown mailbox, policy).
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}
