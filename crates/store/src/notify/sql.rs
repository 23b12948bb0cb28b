//! The SQL of staff notifications, the same text on both databases.

pub(crate) const SELECT_CHOICES: &str = "SELECT kind, enabled FROM staff_notice_choices \
     WHERE organization_id = $1 AND user_id = $2 ORDER BY kind";

pub(crate) const SELECT_ALL_CHOICES: &str = "SELECT user_id, kind, enabled \
     FROM staff_notice_choices WHERE organization_id = $1 ORDER BY user_id, kind";

pub(crate) const DELETE_CHOICES: &str =
    "DELETE FROM staff_notice_choices WHERE organization_id = $1 AND user_id = $2";

pub(crate) const INSERT_CHOICE: &str = "INSERT INTO staff_notice_choices \
     (organization_id, user_id, kind, enabled) VALUES ($1, $2, $3, $4)";

pub(crate) const SELECT_RECIPIENTS: &str = "SELECT u.user_id, u.email, u.role, u.unit_id, \
     n.name AS unit_name FROM users u \
     LEFT JOIN units n ON n.organization_id = u.organization_id AND n.unit_id = u.unit_id \
     WHERE u.organization_id = $1 AND u.active = $2 ORDER BY u.email";

pub(crate) const SELECT_SCANNED_UNTIL: &str =
    "SELECT scanned_until FROM staff_notice_scans WHERE organization_id = $1";

pub(crate) const UPSERT_SCANNED_UNTIL: &str = "INSERT INTO staff_notice_scans \
     (organization_id, scanned_until) VALUES ($1, $2) \
     ON CONFLICT (organization_id) DO UPDATE SET scanned_until = excluded.scanned_until";

pub(crate) const SELECT_NEW_COMPLAINTS: &str = "SELECT c.complaint_id, c.channel, \
     COALESCE(k.thai, c.category) AS category FROM complaints c \
     LEFT JOIN complaint_categories k ON k.organization_id = c.organization_id \
         AND k.channel = c.channel AND k.code = c.category \
     WHERE c.organization_id = $1 AND c.received_at > $2 AND c.received_at <= $3 \
     ORDER BY c.received_at, c.complaint_id";

/// A step that gave a general complaint to a unit ("assign", and any later
/// kind of assignment whose name starts so).
pub(crate) const SELECT_ASSIGNMENTS: &str = "SELECT e.complaint_id, e.event_position, \
     e.unit_id, u.name AS unit_name, COALESCE(k.thai, c.category) AS category \
     FROM complaint_events e \
     JOIN complaints c ON c.organization_id = e.organization_id AND c.complaint_id = e.complaint_id \
     JOIN units u ON u.organization_id = e.organization_id AND u.unit_id = e.unit_id \
     LEFT JOIN complaint_categories k ON k.organization_id = c.organization_id \
         AND k.channel = c.channel AND k.code = c.category \
     WHERE e.organization_id = $1 AND e.at > $2 AND e.at <= $3 \
         AND e.kind LIKE 'assign%' AND c.channel = 'general' \
     ORDER BY e.at, e.complaint_id, e.event_position";

pub(crate) const SELECT_DECISIONS: &str = "SELECT plan_id, dimension_no, item_no, \
     fiscal_year, quarter, review_position, action, comment FROM quarter_report_reviews \
     WHERE organization_id = $1 AND acted_at > $2 AND acted_at <= $3 \
         AND action IN ('return', 'approve') \
     ORDER BY acted_at, dimension_no, item_no, fiscal_year, quarter, review_position";

pub(crate) const SELECT_ITEM_UNIT_IDS: &str = "SELECT unit_id FROM item_unit_assignments \
     WHERE organization_id = $1 AND dimension_no = $2 AND item_no = $3 ORDER BY unit_id";

pub(crate) const INSERT_STAFF_NOTICE: &str = "INSERT INTO staff_notices (organization_id, \
     user_id, event_key, kind, subject, body, created_at, attempts) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0) ON CONFLICT DO NOTHING";

/// Across organisations: one sender serves the installation.
pub(crate) const SELECT_PENDING_STAFF_NOTICES: &str = "SELECT n.organization_id, n.user_id, \
     n.event_key, u.email, n.subject, n.body, n.attempts FROM staff_notices n \
     JOIN users u ON u.organization_id = n.organization_id AND u.user_id = n.user_id \
     WHERE n.sent_at IS NULL AND n.attempts < $1 AND u.active = $2 \
     ORDER BY n.created_at, n.user_id, n.event_key LIMIT $3";

pub(crate) const MARK_STAFF_NOTICE_SENT: &str = "UPDATE staff_notices SET sent_at = $4, \
     attempts = attempts + 1, last_error = NULL \
     WHERE organization_id = $1 AND user_id = $2 AND event_key = $3 AND sent_at IS NULL";

pub(crate) const MARK_STAFF_NOTICE_FAILED: &str = "UPDATE staff_notices \
     SET attempts = attempts + 1, last_error = $4 \
     WHERE organization_id = $1 AND user_id = $2 AND event_key = $3 AND sent_at IS NULL";

pub(crate) const SELECT_STAFF_NOTICE_SENT: &str = "SELECT sent_at FROM staff_notices \
     WHERE organization_id = $1 AND user_id = $2 AND event_key = $3";
