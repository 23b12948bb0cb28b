//! E-mail notices to complainants. Each public step of a case with a contact
//! leaves a notice in the store's outbox, in the step's own transaction; this
//! sender opens the contact, and if it has an e-mail address sends the
//! notice over SMTP, then records the outcome. A failed send is retried on
//! the next round, up to [`MAX_ATTEMPTS`] times.
//!
//! A general complainant gets the step, what the municipality said and the
//! case's reference (the tracking code is not stored, so it cannot be
//! mailed). A corruption reporter's contact opens only with the report's data
//! key, which the server does not hold: that channel sends no e-mail (the
//! store writes no notice for it; one left from before is dropped unsent).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sujarit_core::case_keys::{RecordSealer, field};
use sujarit_core::complaint::{Channel, Contact};
use sujarit_core::sealed::Keyring;
use sujarit_store::{PendingNotice, Store};

/// Tries per notice before it is left for staff to see.
pub const MAX_ATTEMPTS: u32 = 8;
/// Notices sent per round.
const BATCH: u32 = 50;

/// Where and as whom notices are sent.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS)
    /// or `smtps://host:465`.
    pub smtp_url: String,
    /// The sender, e.g. `ศูนย์รับเรื่องร้องเรียน <complaints@city.go.th>`.
    pub from: String,
    /// This server's public address, for the tracking link: `https://city.go.th`.
    pub public_url: String,
    /// Send without TLS (`smtp://` without `?tls=required`): only when the
    /// operator said so (`--smtp-allow-plaintext`), e.g. a relay on the same
    /// host; otherwise a complainant's address and tracking code would cross
    /// the network in clear text.
    pub allow_plaintext: bool,
}

/// Refuses an SMTP URL that would send in clear text unless that was
/// allowed: a Thai sentence for the operator.
pub fn check_encrypted(smtp_url: &str, allow_plaintext: bool) -> Result<(), String> {
    if allow_plaintext || requires_tls(smtp_url) {
        return Ok(());
    }
    Err("เซิร์ฟเวอร์อีเมล (SMTP) ต้องเชื่อมต่อแบบเข้ารหัส: ใช้ smtps://… \
         หรือ smtp://…?tls=required (หากเป็นเซิร์ฟเวอร์ในเครื่องเดียวกันและตั้งใจไม่เข้ารหัส \
         ให้ระบุ --smtp-allow-plaintext)"
        .to_owned())
}

/// Whether `smtp_url` asks for TLS as lettre reads it: `smtps://`, or
/// `smtp://` whose first `tls` parameter (the name exactly, as lettre takes
/// it) is `required` (STARTTLS that must succeed).
fn requires_tls(smtp_url: &str) -> bool {
    let trimmed = smtp_url.trim();
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return false;
    };
    match scheme.to_ascii_lowercase().as_str() {
        "smtps" => true,
        "smtp" => {
            let query = rest.split_once('?').map_or("", |(_, q)| q);
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "tls")
                .is_some_and(|(_, value)| value == "required")
        }
        _ => false,
    }
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    /// Checks the configuration; the error is a Thai sentence for the operator.
    pub fn new(config: &MailConfig) -> Result<Mailer, String> {
        check_encrypted(&config.smtp_url, config.allow_plaintext)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
            .map_err(|e| format!("ที่อยู่เซิร์ฟเวอร์อีเมล (SMTP) ไม่ถูกต้อง: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = config
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("ที่อยู่ผู้ส่งอีเมล \"{}\" ไม่ถูกต้อง: {e}", config.from))?;
        Ok(Mailer {
            transport,
            from,
            public_url: config.public_url.trim_end_matches('/').to_string(),
        })
    }

    /// This server's public address without a trailing `/`; None when empty.
    pub fn public_url(&self) -> Option<&str> {
        Some(self.public_url.as_str()).filter(|url| !url.is_empty())
    }

    /// Sends one plain-text e-mail. The error names the kind of failure only
    /// (the server's own words may quote the address): it is kept and logged.
    pub async fn send_text(
        &self,
        to: Mailbox,
        subject: String,
        body: String,
    ) -> Result<(), String> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("สร้างอีเมลไม่ได้: {e}"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            let kind = if e.is_permanent() {
                "เซิร์ฟเวอร์อีเมลปฏิเสธถาวร"
            } else if e.is_transient() {
                "เซิร์ฟเวอร์อีเมลขัดข้องชั่วคราว"
            } else if e.is_timeout() {
                "หมดเวลารอเซิร์ฟเวอร์อีเมล"
            } else if e.is_tls() {
                "เชื่อมต่อแบบเข้ารหัส (TLS) ไม่สำเร็จ"
            } else {
                "เชื่อมต่อเซิร์ฟเวอร์อีเมลไม่ได้"
            };
            format!("ส่งอีเมลไม่สำเร็จ: {kind}")
        })
    }
}

/// Sends what is pending once; returns how many notices went out.
pub async fn send_pending(store: &dyn Store, keyring: &Keyring, mailer: &Mailer) -> usize {
    let pending = match store.pending_complaint_notices(MAX_ATTEMPTS, BATCH).await {
        Ok(pending) => pending,
        Err(error) => {
            tracing::error!(%error, "reading pending notices failed");
            return 0;
        }
    };
    let mut sent = 0;
    for notice in pending {
        let outcome = send_one(keyring, mailer, &notice).await;
        if outcome.is_ok() {
            sent += 1;
        } else {
            // The reason names no address and no content.
            tracing::warn!(notice = %notice.notice_id, attempts = notice.attempts + 1, "a notice was not sent");
        }
        if let Err(error) = store
            .finish_complaint_notice(&notice.organization_id, &notice.notice_id, outcome)
            .await
        {
            tracing::error!(%error, "recording a notice failed");
        }
    }
    sent
}

/// Ok when sent or when there is nobody to write to (no e-mail left).
async fn send_one(
    keyring: &Keyring,
    mailer: &Mailer,
    notice: &PendingNotice,
) -> Result<(), String> {
    let Some(sealed) = &notice.sealed_contact else {
        return Ok(());
    };
    if notice.channel == Channel::Corruption {
        return Ok(());
    }
    let contact =
        RecordSealer::with_server_key(keyring, &notice.organization_id, &notice.complaint_id)
            .open(field::CONTACT, sealed)
            .ok()
            .and_then(|bytes| Contact::from_sealed_plaintext(&bytes))
            .ok_or_else(|| "เปิดข้อมูลติดต่อไม่ได้ (ตรวจสอบไฟล์กุญแจ)".to_string())?;
    let Some(address) = contact.email else {
        return Ok(());
    };
    let to: Mailbox = address
        .parse()
        .map_err(|_| "อีเมลของผู้ร้องไม่ถูกต้อง".to_string())?;
    let reference = notice
        .complaint_id
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    let track = format!(
        "{}/o/{}/complaints/track",
        mailer.public_url, notice.organization_slug
    );
    let (subject, body) = match notice.channel {
        Channel::General => (
            format!(
                "[{}] ความคืบหน้าเรื่องร้องเรียน {}",
                notice.organization_name, reference
            ),
            format!(
                "เรื่องร้องเรียนเลขอ้างอิง {reference} มีความคืบหน้า: {step}\n\n{message}\n\n\
                 ดูรายละเอียดและความเป็นมาทั้งหมดได้ที่ {track} \
                 ด้วยรหัสติดตามเรื่องที่ท่านได้รับเมื่อยื่นเรื่อง\n\n{org}",
                step = notice.event.public_label().unwrap_or(notice.event.thai()),
                message = notice.public_message.as_deref().unwrap_or(""),
                org = notice.organization_name,
            ),
        ),
        Channel::Corruption => (
            format!("[{}] มีความคืบหน้า", notice.organization_name),
            format!(
                "เรื่องที่ท่านแจ้งไว้มีความคืบหน้า โปรดตรวจสอบด้วยรหัสติดตามเรื่องที่ท่านได้รับ \
                 ที่ {track}\n\n{}",
                notice.organization_name
            ),
        ),
    };
    mailer.send_text(to, subject, body).await
}

/// Every `every`, for the life of the server: sends pending notices to
/// complainants, then enqueues and sends staff notifications
/// ([`crate::notify::round`]); one worker, one SMTP sender.
pub fn start(
    store: Arc<dyn Store>,
    keyring: Arc<Keyring>,
    mailer: Mailer,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            send_pending(store.as_ref(), &keyring, &mailer).await;
            crate::notify::round(store.as_ref(), &mailer, time::OffsetDateTime::now_utc()).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(smtp_url: &str, allow_plaintext: bool) -> MailConfig {
        MailConfig {
            smtp_url: smtp_url.to_owned(),
            from: "Sujarit <no-reply@example.go.th>".to_owned(),
            public_url: "https://sujarit.example.go.th".to_owned(),
            allow_plaintext,
        }
    }

    #[tokio::test]
    async fn mail_goes_out_encrypted_unless_plain_text_was_allowed() {
        let refused = Mailer::new(&config("smtp://mail.example.go.th:587", false))
            .err()
            .expect("plain SMTP refused");
        assert!(refused.contains("tls=required"), "{refused}");
        assert!(
            Mailer::new(&config(
                "smtp://mail.example.go.th:587?tls=opportunistic",
                false
            ))
            .is_err()
        );
        assert!(
            Mailer::new(&config(
                "smtp://u:p@mail.example.go.th:587?tls=required",
                false
            ))
            .is_ok()
        );
        assert!(Mailer::new(&config("smtps://mail.example.go.th:465", false)).is_ok());
        // Read as lettre reads it: the first `tls`, its name exactly.
        assert!(Mailer::new(&config("smtp://mail.example.go.th:587?TLS=required", false)).is_err());
        assert!(
            Mailer::new(&config(
                "smtp://mail.example.go.th:587?tls=opportunistic&tls=required",
                false
            ))
            .is_err()
        );
        assert!(Mailer::new(&config("smtp://127.0.0.1:2525", true)).is_ok());
    }
}
