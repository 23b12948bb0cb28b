//! The case workflow: states, the events staff record, and what the
//! tracking page shows of them.

use super::{Channel, FieldError, MAX_MESSAGE_CHARS};
use crate::validation::{check_text, trimmed};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// รับเรื่องแล้ว, waiting to be screened.
    Received,
    /// The complainant was asked for more; back to `Received` when they add it.
    Incomplete,
    /// Not within the organisation's jurisdiction: sent on, with a notice.
    Forwarded,
    Accepted,
    /// Given to a unit and an officer.
    Assigned,
    /// General channel: the unit is working on it.
    InProgress,
    /// General channel: answered.
    Resolved,
    /// Corruption channel: fact-finding (สืบสวนข้อเท็จจริง).
    FactFinding,
    /// Corruption channel: disciplinary or legal action under way.
    Action,
    /// Corruption channel: the outcome is known and told.
    Outcome,
    Closed,
}

impl CaseState {
    pub const ALL: [CaseState; 11] = [
        CaseState::Received,
        CaseState::Incomplete,
        CaseState::Forwarded,
        CaseState::Accepted,
        CaseState::Assigned,
        CaseState::InProgress,
        CaseState::Resolved,
        CaseState::FactFinding,
        CaseState::Action,
        CaseState::Outcome,
        CaseState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Received => "received",
            CaseState::Incomplete => "incomplete",
            CaseState::Forwarded => "forwarded",
            CaseState::Accepted => "accepted",
            CaseState::Assigned => "assigned",
            CaseState::InProgress => "in_progress",
            CaseState::Resolved => "resolved",
            CaseState::FactFinding => "fact_finding",
            CaseState::Action => "action",
            CaseState::Outcome => "outcome",
            CaseState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            CaseState::Received => "รับเรื่องแล้ว รอตรวจสอบ",
            CaseState::Incomplete => "รอข้อมูลเพิ่มเติมจากผู้ร้อง",
            CaseState::Forwarded => "ส่งต่อหน่วยงานที่รับผิดชอบ",
            CaseState::Accepted => "รับเป็นเรื่องร้องเรียน",
            CaseState::Assigned => "มอบหมายผู้รับผิดชอบแล้ว",
            CaseState::InProgress => "อยู่ระหว่างดำเนินการ",
            CaseState::Resolved => "ดำเนินการแล้วเสร็จ แจ้งผลแล้ว",
            CaseState::FactFinding => "อยู่ระหว่างสืบสวนข้อเท็จจริง",
            CaseState::Action => "อยู่ระหว่างดำเนินการทางวินัยหรือทางกฎหมาย",
            CaseState::Outcome => "แจ้งผลการพิจารณาแล้ว",
            CaseState::Closed => "ยุติเรื่อง",
        }
    }

    /// Whether the complainant has had their final answer (an answer, a
    /// forwarding notice or an outcome): the case counts as completed in the
    /// statistics and its deadline is met from then on.
    pub fn is_completed(self) -> bool {
        matches!(
            self,
            CaseState::Forwarded | CaseState::Resolved | CaseState::Outcome | CaseState::Closed
        )
    }

    /// Where an event takes a case of `channel` now, or None when the workflow
    /// does not allow it (see [`CaseState::refusal`]).
    pub fn apply(self, channel: Channel, event: EventKind) -> Option<CaseState> {
        use CaseState::*;
        use EventKind as E;
        let general = channel == Channel::General;
        match (self, event) {
            (_, E::Filed) => None,
            // Notes and delay explanations do not move the case; a closed
            // case takes nothing more.
            (Closed, _) => None,
            (state, E::Note) => Some(state),
            (state, E::ExplainDelay) if !state.is_completed() => Some(state),
            (Received, E::Accept) => Some(Accepted),
            (Received, E::Forward) => Some(Forwarded),
            (Received, E::RequestInformation) => Some(Incomplete),
            (Incomplete, E::InformationAdded) => Some(Received),
            // Assigning again moves the case to the new unit or officer.
            (Accepted | Assigned, E::Assign) => Some(Assigned),
            (InProgress, E::Assign) if general => Some(Assigned),
            (FactFinding, E::Assign) if !general => Some(FactFinding),
            (Assigned, E::StartWork) if general => Some(InProgress),
            (InProgress, E::ProgressUpdate) if general => Some(InProgress),
            // The unit proposes the answer; the complaint officer gives it.
            (Assigned | InProgress, E::ProposeAnswer) if general => Some(self),
            (InProgress, E::Resolve) if general => Some(Resolved),
            (Accepted | Assigned, E::StartFactFinding) if !general => Some(FactFinding),
            (FactFinding | Action, E::ProgressUpdate) if !general => Some(self),
            (FactFinding, E::TakeAction) if !general => Some(Action),
            // Fact-finding may find nothing to act on: the outcome says so.
            (FactFinding | Action, E::RecordOutcome) if !general => Some(Outcome),
            (Forwarded | Resolved | Outcome, E::Close) => Some(Closed),
            _ => None,
        }
    }

    /// Why `event` cannot happen now, in Thai.
    pub fn refusal(self, channel: Channel, event: EventKind) -> String {
        if event.channel_only().is_some_and(|only| only != channel) {
            return format!("\"{}\" ใช้ไม่ได้กับ{}", event.thai(), channel.thai());
        }
        format!(
            "ดำเนินการ \"{}\" ไม่ได้: เรื่องอยู่ในสถานะ \"{}\"",
            event.thai(),
            self.thai()
        )
    }
}

/// What can happen to a case. Each kind is either public (on the tracking
/// page, with a Thai label and maybe a message, never a staff name) or
/// internal (staff only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The complaint was received (the first event of every case).
    Filed,
    Accept,
    /// Not within jurisdiction: needs a notice saying where it went.
    Forward,
    /// Asks the complainant for more: needs a message saying what.
    RequestInformation,
    /// The complainant added what was asked (through the tracking code).
    InformationAdded,
    /// Needs a unit and an officer.
    Assign,
    StartWork,
    /// A step taken (general: work done; corruption: investigation steps),
    /// with a public message.
    ProgressUpdate,
    /// Internal note, needs text.
    Note,
    /// Needs the answer to the complainant.
    Resolve,
    StartFactFinding,
    /// Needs the kind of action (disciplinary or legal).
    TakeAction,
    /// Needs the outcome as told to the reporter.
    RecordOutcome,
    Close,
    /// Why the case is late: required once it is overdue; needs the text.
    ExplainDelay,
    /// General channel: the assigned unit's officer proposes the answer to
    /// the complainant (internal, the text in the note); the complaint
    /// officer answers ([`EventKind::Resolve`]) and closes.
    ProposeAnswer,
}

/// Public (tracking page) or internal (staff only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Internal,
}

impl EventKind {
    pub const ALL: [EventKind; 16] = [
        EventKind::Filed,
        EventKind::Accept,
        EventKind::Forward,
        EventKind::RequestInformation,
        EventKind::InformationAdded,
        EventKind::Assign,
        EventKind::StartWork,
        EventKind::ProgressUpdate,
        EventKind::Note,
        EventKind::Resolve,
        EventKind::StartFactFinding,
        EventKind::TakeAction,
        EventKind::RecordOutcome,
        EventKind::Close,
        EventKind::ExplainDelay,
        EventKind::ProposeAnswer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Filed => "filed",
            EventKind::Accept => "accept",
            EventKind::Forward => "forward",
            EventKind::RequestInformation => "request_information",
            EventKind::InformationAdded => "information_added",
            EventKind::Assign => "assign",
            EventKind::StartWork => "start_work",
            EventKind::ProgressUpdate => "progress_update",
            EventKind::Note => "note",
            EventKind::Resolve => "resolve",
            EventKind::StartFactFinding => "start_fact_finding",
            EventKind::TakeAction => "take_action",
            EventKind::RecordOutcome => "record_outcome",
            EventKind::Close => "close",
            EventKind::ExplainDelay => "explain_delay",
            EventKind::ProposeAnswer => "propose_answer",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What staff do, as a button says it.
    pub fn thai(self) -> &'static str {
        match self {
            EventKind::Filed => "รับเรื่อง",
            EventKind::Accept => "รับเป็นเรื่องร้องเรียน",
            EventKind::Forward => "ส่งต่อหน่วยงานที่รับผิดชอบ",
            EventKind::RequestInformation => "ขอข้อมูลเพิ่มเติมจากผู้ร้อง",
            EventKind::InformationAdded => "ผู้ร้องส่งข้อมูลเพิ่มเติม",
            EventKind::Assign => "มอบหมายผู้รับผิดชอบ",
            EventKind::StartWork => "เริ่มดำเนินการ",
            EventKind::ProgressUpdate => "แจ้งความคืบหน้า",
            EventKind::Note => "บันทึกภายใน",
            EventKind::Resolve => "แจ้งผลการดำเนินการ",
            EventKind::StartFactFinding => "เริ่มสืบสวนข้อเท็จจริง",
            EventKind::TakeAction => "ดำเนินการทางวินัยหรือทางกฎหมาย",
            EventKind::RecordOutcome => "แจ้งผลการพิจารณา",
            EventKind::Close => "ยุติเรื่อง",
            EventKind::ExplainDelay => "แจ้งเหตุที่ดำเนินการไม่แล้วเสร็จตามกำหนด",
            EventKind::ProposeAnswer => "เสนอคำตอบถึงผู้ร้อง (ให้ศูนย์รับเรื่องร้องเรียนพิจารณา)",
        }
    }

    pub fn visibility(self) -> Visibility {
        match self {
            EventKind::Note | EventKind::ProposeAnswer => Visibility::Internal,
            _ => Visibility::Public,
        }
    }

    /// The label the tracking page shows; None for internal events.
    pub fn public_label(self) -> Option<&'static str> {
        Some(match self {
            EventKind::Note | EventKind::ProposeAnswer => return None,
            EventKind::Filed => "รับเรื่องแล้ว",
            EventKind::Accept => "รับเรื่องไว้พิจารณาแล้ว",
            EventKind::Forward => "ส่งเรื่องต่อหน่วยงานที่รับผิดชอบแล้ว",
            EventKind::RequestInformation => "ขอข้อมูลเพิ่มเติมจากท่าน",
            EventKind::InformationAdded => "ได้รับข้อมูลเพิ่มเติมแล้ว",
            EventKind::Assign => "มอบหมายหน่วยงานรับผิดชอบแล้ว",
            EventKind::StartWork => "เริ่มดำเนินการแล้ว",
            EventKind::ProgressUpdate => "ความคืบหน้า",
            EventKind::Resolve => "แจ้งผลการดำเนินการ",
            EventKind::StartFactFinding => "อยู่ระหว่างสืบสวนข้อเท็จจริง",
            EventKind::TakeAction => "ดำเนินการตามผลการสืบสวนแล้ว",
            EventKind::RecordOutcome => "แจ้งผลการพิจารณา",
            EventKind::Close => "ยุติเรื่องแล้ว",
            EventKind::ExplainDelay => "ชี้แจงเหตุที่ยังไม่แล้วเสร็จตามกำหนด",
        })
    }

    /// Events whose public message the complainant must get.
    pub fn needs_public_message(self) -> bool {
        matches!(
            self,
            EventKind::Forward
                | EventKind::RequestInformation
                | EventKind::ProgressUpdate
                | EventKind::Resolve
                | EventKind::RecordOutcome
                | EventKind::ExplainDelay
        )
    }

    /// The one channel an event belongs to, if it is not common to both.
    pub fn channel_only(self) -> Option<Channel> {
        match self {
            EventKind::StartWork | EventKind::Resolve | EventKind::ProposeAnswer => {
                Some(Channel::General)
            }
            EventKind::StartFactFinding | EventKind::TakeAction | EventKind::RecordOutcome => {
                Some(Channel::Corruption)
            }
            _ => None,
        }
    }
}

/// Who records a step on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// The channel's own officers: the complaint officer (general) or the
    /// integrity officer (both channels). They screen, assign, answer and close.
    Centre,
    /// An officer of the unit a general complaint is assigned to: they do the
    /// work, tell the complainant of progress and propose the answer.
    AssignedUnit,
}

impl EventKind {
    /// Whether `who` may record this step (the workflow still decides
    /// whether it may happen now, [`CaseState::apply`]).
    pub fn recordable_by(self, who: Handler) -> bool {
        match who {
            Handler::Centre => !matches!(
                self,
                EventKind::Filed | EventKind::InformationAdded | EventKind::ProposeAnswer
            ),
            Handler::AssignedUnit => matches!(
                self,
                EventKind::StartWork
                    | EventKind::ProgressUpdate
                    | EventKind::Note
                    | EventKind::ExplainDelay
                    | EventKind::ProposeAnswer
            ),
        }
    }

    /// Why `who` may not record this step, in Thai.
    pub fn thai_not_recordable_by(self, who: Handler) -> String {
        match who {
            Handler::Centre => format!("\"{}\" เป็นขั้นตอนของเจ้าหน้าที่หน่วยงานที่ได้รับมอบหมาย", self.thai()),
            Handler::AssignedUnit => format!(
                "\"{}\" เป็นขั้นตอนของศูนย์รับเรื่องร้องเรียน: หน่วยงานที่ได้รับมอบหมาย\
                 บันทึกความคืบหน้า บันทึกภายใน แจ้งเหตุที่ล่าช้า และเสนอคำตอบได้",
                self.thai()
            ),
        }
    }
}

/// A step as it was recorded, to compare the next one with
/// ([`NewCaseEvent::repeats`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordedStep<'a> {
    pub kind: Option<EventKind>,
    pub public_message: Option<&'a str>,
    pub internal_note: Option<&'a str>,
    pub unit_id: Option<&'a str>,
    pub officer_id: Option<&'a str>,
    pub action_kind: Option<ActionKind>,
    /// Whether its message or note is sealed (a corruption report's): sealed
    /// text cannot be compared, so such a step is never called a repeat.
    pub sealed_text: bool,
}

/// The kind of action taken on a corruption report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// ดำเนินการทางวินัย
    Disciplinary,
    /// ดำเนินคดีอาญา/ส่งเรื่องให้ ป.ป.ช. หรือพนักงานสอบสวน
    Legal,
    /// Both.
    DisciplinaryAndLegal,
}

impl ActionKind {
    pub const ALL: [ActionKind; 3] = [
        ActionKind::Disciplinary,
        ActionKind::Legal,
        ActionKind::DisciplinaryAndLegal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Disciplinary => "disciplinary",
            ActionKind::Legal => "legal",
            ActionKind::DisciplinaryAndLegal => "disciplinary_and_legal",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ActionKind::Disciplinary => "ดำเนินการทางวินัย",
            ActionKind::Legal => "ดำเนินการทางกฎหมาย",
            ActionKind::DisciplinaryAndLegal => "ดำเนินการทั้งทางวินัยและทางกฎหมาย",
        }
    }
}

/// A step staff record on a case. Build it with the constructors; the store
/// runs [`NewCaseEvent::validate`] and [`CaseState::apply`] before writing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCaseEvent {
    pub kind: Option<EventKind>,
    /// Shown to the complainant on the tracking page (public kinds only).
    pub public_message: Option<String>,
    /// Staff only.
    pub internal_note: Option<String>,
    /// [`EventKind::Assign`]: the unit and the officer.
    pub unit_id: Option<String>,
    pub officer_id: Option<String>,
    /// [`EventKind::TakeAction`].
    pub action_kind: Option<ActionKind>,
    /// A corruption report (seal version 2): the message and the note sealed
    /// with the report's data key by [`NewCaseEvent::sealed_with`], the plain
    /// ones then None.
    pub sealed_public_message: Option<Vec<u8>>,
    pub sealed_internal_note: Option<Vec<u8>>,
}

impl NewCaseEvent {
    /// Moves the message and the note into envelopes of the report's data
    /// key. Validate first: the rules read the plain text.
    pub fn sealed_with(mut self, sealer: &crate::case_keys::RecordSealer) -> NewCaseEvent {
        use crate::case_keys::field;
        if let Some(message) = self.public_message.take() {
            self.sealed_public_message =
                Some(sealer.seal(field::PUBLIC_MESSAGE, message.trim().as_bytes()));
        }
        if let Some(note) = self.internal_note.take() {
            self.sealed_internal_note =
                Some(sealer.seal(field::INTERNAL_NOTE, note.trim().as_bytes()));
        }
        self
    }

    pub fn new(kind: EventKind) -> NewCaseEvent {
        NewCaseEvent {
            kind: Some(kind),
            ..Default::default()
        }
    }

    pub fn with_public_message(mut self, message: &str) -> NewCaseEvent {
        self.public_message = Some(message.to_string());
        self
    }

    pub fn with_internal_note(mut self, note: &str) -> NewCaseEvent {
        self.internal_note = Some(note.to_string());
        self
    }

    pub fn assign(unit_id: &str, officer_id: &str) -> NewCaseEvent {
        NewCaseEvent {
            unit_id: Some(unit_id.to_string()),
            officer_id: Some(officer_id.to_string()),
            ..NewCaseEvent::new(EventKind::Assign)
        }
    }

    pub fn note(text: &str) -> NewCaseEvent {
        NewCaseEvent::new(EventKind::Note).with_internal_note(text)
    }

    pub fn explain_delay(explanation: &str) -> NewCaseEvent {
        NewCaseEvent::new(EventKind::ExplainDelay).with_public_message(explanation)
    }

    pub fn take_action(kind: ActionKind) -> NewCaseEvent {
        NewCaseEvent {
            action_kind: Some(kind),
            ..NewCaseEvent::new(EventKind::TakeAction)
        }
    }

    /// The event with texts trimmed and empty ones made None.
    pub fn normalized(&self) -> NewCaseEvent {
        NewCaseEvent {
            kind: self.kind,
            public_message: trimmed(&self.public_message),
            internal_note: trimmed(&self.internal_note),
            unit_id: trimmed(&self.unit_id),
            officer_id: trimmed(&self.officer_id),
            action_kind: self.action_kind,
            sealed_public_message: self.sealed_public_message.clone(),
            sealed_internal_note: self.sealed_internal_note.clone(),
        }
    }

    /// Whether this step says word for word what `last` said: the same
    /// kind, unit, officer, kind of action, message and note (after
    /// trimming). A step with sealed text on either side is never a repeat:
    /// envelopes of the same text differ.
    pub fn repeats(&self, last: &RecordedStep<'_>) -> bool {
        let e = self.normalized();
        let sealed = e.sealed_public_message.is_some() || e.sealed_internal_note.is_some();
        e.kind.is_some()
            && e.kind == last.kind
            && !sealed
            && !last.sealed_text
            && e.public_message.as_deref() == last.public_message.map(str::trim)
            && e.internal_note.as_deref() == last.internal_note.map(str::trim)
            && e.unit_id.as_deref() == last.unit_id
            && e.officer_id.as_deref() == last.officer_id
            && e.action_kind == last.action_kind
    }

    /// Refuses a step that repeats the case's last one
    /// ([`NewCaseEvent::repeats`]): a double click or a script recording
    /// the same assignment seven times writes it once.
    pub fn check_not_repeated(
        &self,
        last: Option<&RecordedStep<'_>>,
    ) -> Result<(), crate::refusal::Refusal> {
        match (self.kind, last) {
            (Some(kind), Some(last)) if self.repeats(last) => {
                Err(crate::refusal::Refusal::RepeatedStep(kind))
            }
            _ => Ok(()),
        }
    }

    /// What the kind needs, in Thai per field. Staff recording
    /// [`EventKind::Filed`] or [`EventKind::InformationAdded`] is refused:
    /// those come from filing and from the complainant.
    pub fn validate(&self) -> Vec<FieldError> {
        let e = self.normalized();
        let mut errors = Vec::new();
        let Some(kind) = e.kind else {
            errors.push(FieldError {
                field: "kind",
                message: "โปรดเลือกการดำเนินการ".into(),
            });
            return errors;
        };
        if matches!(kind, EventKind::Filed | EventKind::InformationAdded) {
            errors.push(FieldError {
                field: "kind",
                message: format!("\"{}\" บันทึกโดยเจ้าหน้าที่ไม่ได้", kind.thai()),
            });
        }
        // Sealed text was checked before it was sealed (the store cannot read it).
        let has_message = e.public_message.is_some() || e.sealed_public_message.is_some();
        let has_note = e.internal_note.is_some() || e.sealed_internal_note.is_some();
        if kind.needs_public_message() && !has_message {
            errors.push(FieldError {
                field: "public_message",
                message: format!("โปรดระบุข้อความแจ้งผู้ร้องสำหรับ \"{}\"", kind.thai()),
            });
        }
        if kind.visibility() == Visibility::Internal && has_message {
            errors.push(FieldError {
                field: "public_message",
                message: format!("\"{}\" เป็นขั้นตอนภายใน ไม่มีข้อความแจ้งผู้ร้อง", kind.thai()),
            });
        }
        if kind == EventKind::Note && !has_note {
            errors.push(FieldError {
                field: "internal_note",
                message: "โปรดระบุข้อความบันทึก".into(),
            });
        }
        if kind == EventKind::ProposeAnswer && !has_note {
            errors.push(FieldError {
                field: "internal_note",
                message: "โปรดระบุคำตอบที่เสนอในช่องบันทึกภายใน".into(),
            });
        }
        if let Some(message) = &e.public_message {
            check_text(
                &mut errors,
                "public_message",
                "ข้อความแจ้งผู้ร้อง",
                message,
                false,
                MAX_MESSAGE_CHARS,
                true,
            );
        }
        if let Some(note) = &e.internal_note {
            check_text(
                &mut errors,
                "internal_note",
                "บันทึกภายใน",
                note,
                false,
                MAX_MESSAGE_CHARS,
                true,
            );
        }
        if kind == EventKind::Assign {
            if e.unit_id.is_none() {
                errors.push(FieldError {
                    field: "unit_id",
                    message: "โปรดเลือกหน่วยงานที่รับผิดชอบ".into(),
                });
            }
            if e.officer_id.is_none() {
                errors.push(FieldError {
                    field: "officer_id",
                    message: "โปรดเลือกเจ้าหน้าที่ผู้รับผิดชอบ".into(),
                });
            }
        } else if e.unit_id.is_some() || e.officer_id.is_some() {
            errors.push(FieldError {
                field: "unit_id",
                message: "ระบุหน่วยงานและเจ้าหน้าที่ได้เฉพาะเมื่อมอบหมายผู้รับผิดชอบ".into(),
            });
        }
        if kind == EventKind::TakeAction && e.action_kind.is_none() {
            errors.push(FieldError {
                field: "action_kind",
                message: "โปรดเลือกประเภทการดำเนินการ (ทางวินัยหรือทางกฎหมาย)".into(),
            });
        }
        errors
    }
}

/// One step of a case as the tracking page shows it: no staff name, no note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub kind: EventKind,
    /// Thai, from [`EventKind::public_label`].
    pub label: String,
    pub message: Option<String>,
    /// A corruption report's message sealed with its data key: the page
    /// opens it into `message` with the tracking code.
    #[serde(skip)]
    pub sealed_message: Option<Vec<u8>>,
    /// [`EventKind::TakeAction`] only.
    pub action_kind: Option<ActionKind>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::test_support::fields;
    use crate::complaint::*;

    #[test]
    fn the_general_workflow() {
        use CaseState::*;
        use EventKind as E;
        let g = Channel::General;
        let path = [
            (Received, E::RequestInformation, Incomplete),
            (Incomplete, E::InformationAdded, Received),
            (Received, E::Accept, Accepted),
            (Accepted, E::Assign, Assigned),
            (Assigned, E::StartWork, InProgress),
            (InProgress, E::ProgressUpdate, InProgress),
            (InProgress, E::Note, InProgress),
            (InProgress, E::ExplainDelay, InProgress),
            (InProgress, E::Assign, Assigned),
            (Assigned, E::StartWork, InProgress),
            (InProgress, E::Resolve, Resolved),
            (Resolved, E::Close, Closed),
        ];
        for (from, event, to) in path {
            assert_eq!(from.apply(g, event), Some(to), "{from:?} {event:?}");
        }
        assert_eq!(Received.apply(g, E::Forward), Some(Forwarded));
        assert_eq!(Forwarded.apply(g, E::Close), Some(Closed));
        for (from, event) in [
            (Received, E::Resolve),
            (Received, E::Assign),
            (Accepted, E::StartFactFinding),
            (Assigned, E::TakeAction),
            (InProgress, E::Close),
            (Closed, E::Note),
            (Closed, E::Accept),
            (Resolved, E::ExplainDelay),
            (Received, E::Filed),
            (Received, E::InformationAdded),
        ] {
            assert_eq!(from.apply(g, event), None, "{from:?} {event:?}");
        }
        assert_eq!(
            Received.refusal(g, E::Resolve),
            "ดำเนินการ \"แจ้งผลการดำเนินการ\" ไม่ได้: เรื่องอยู่ในสถานะ \"รับเรื่องแล้ว รอตรวจสอบ\""
        );
        assert!(
            Accepted
                .refusal(g, E::StartFactFinding)
                .contains("ใช้ไม่ได้กับ")
        );
    }

    #[test]
    fn the_corruption_workflow() {
        use CaseState::*;
        use EventKind as E;
        let c = Channel::Corruption;
        let path = [
            (Received, E::Accept, Accepted),
            (Accepted, E::Assign, Assigned),
            (Assigned, E::StartFactFinding, FactFinding),
            (FactFinding, E::ProgressUpdate, FactFinding),
            (FactFinding, E::TakeAction, Action),
            (Action, E::RecordOutcome, Outcome),
            (Outcome, E::Close, Closed),
        ];
        for (from, event, to) in path {
            assert_eq!(from.apply(c, event), Some(to), "{from:?} {event:?}");
        }
        assert_eq!(Accepted.apply(c, E::StartFactFinding), Some(FactFinding));
        assert_eq!(FactFinding.apply(c, E::RecordOutcome), Some(Outcome));
        assert_eq!(Assigned.apply(c, E::StartWork), None);
        assert_eq!(Action.apply(c, E::Close), None);
        for state in CaseState::ALL {
            assert_eq!(CaseState::parse(state.as_str()), Some(state));
            assert!(!state.thai().is_empty());
        }
    }

    #[test]
    fn events_say_what_they_need_and_who_sees_them() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                kind.public_label().is_some(),
                kind.visibility() == Visibility::Public
            );
        }
        assert_eq!(EventKind::Note.visibility(), Visibility::Internal);
        assert!(NewCaseEvent::note("โทรหาผู้ร้องแล้ว").validate().is_empty());
        assert!(NewCaseEvent::assign("u1", "o1").validate().is_empty());
        assert!(
            NewCaseEvent::explain_delay("รองบประมาณ")
                .validate()
                .is_empty()
        );
        assert!(
            NewCaseEvent::take_action(ActionKind::Legal)
                .validate()
                .is_empty()
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Resolve).validate()),
            ["public_message"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Forward).validate()),
            ["public_message"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Note).validate()),
            ["internal_note"]
        );
        assert_eq!(
            fields(&NewCaseEvent::assign(" ", "").validate()),
            ["unit_id", "officer_id"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::TakeAction).validate()),
            ["action_kind"]
        );
        assert_eq!(
            fields(&NewCaseEvent::new(EventKind::Filed).validate()),
            ["kind"]
        );
        assert_eq!(fields(&NewCaseEvent::default().validate()), ["kind"]);
        assert_eq!(
            fields(&NewCaseEvent::note("x").with_public_message("y").validate()),
            ["public_message"]
        );
        let mut accept = NewCaseEvent::new(EventKind::Accept);
        accept.unit_id = Some("u".into());
        assert_eq!(fields(&accept.validate()), ["unit_id"]);
    }

    #[test]
    fn the_unit_works_and_proposes_the_centre_answers() {
        use CaseState::*;
        use EventKind as E;
        let g = Channel::General;
        assert_eq!(Assigned.apply(g, E::ProposeAnswer), Some(Assigned));
        assert_eq!(InProgress.apply(g, E::ProposeAnswer), Some(InProgress));
        assert_eq!(Received.apply(g, E::ProposeAnswer), None);
        assert_eq!(Resolved.apply(g, E::ProposeAnswer), None);
        assert_eq!(
            FactFinding.apply(Channel::Corruption, E::ProposeAnswer),
            None
        );
        assert_eq!(E::ProposeAnswer.visibility(), Visibility::Internal);
        assert_eq!(E::ProposeAnswer.public_label(), None);
        let unit: Vec<EventKind> = EventKind::ALL
            .into_iter()
            .filter(|k| k.recordable_by(Handler::AssignedUnit))
            .collect();
        assert_eq!(
            unit,
            [
                E::StartWork,
                E::ProgressUpdate,
                E::Note,
                E::ExplainDelay,
                E::ProposeAnswer
            ]
        );
        for kind in [E::Accept, E::Assign, E::Resolve, E::Close, E::Forward] {
            assert!(kind.recordable_by(Handler::Centre), "{kind:?}");
            assert!(
                kind.thai_not_recordable_by(Handler::AssignedUnit)
                    .contains("ศูนย์รับเรื่องร้องเรียน")
            );
        }
        assert!(!E::ProposeAnswer.recordable_by(Handler::Centre));
        assert!(!E::Filed.recordable_by(Handler::AssignedUnit));
        assert_eq!(
            fields(&NewCaseEvent::new(E::ProposeAnswer).validate()),
            ["internal_note"]
        );
        assert!(
            NewCaseEvent::new(E::ProposeAnswer)
                .with_internal_note("เปลี่ยนหลอดไฟแล้ว เสนอตอบผู้ร้องว่าแล้วเสร็จ")
                .validate()
                .is_empty()
        );
        assert_eq!(
            fields(
                &NewCaseEvent::new(E::ProposeAnswer)
                    .with_internal_note("x")
                    .with_public_message("y")
                    .validate()
            ),
            ["public_message"]
        );
    }

    #[test]
    fn a_step_that_repeats_the_last_one_is_refused() {
        use EventKind as E;
        let assign = NewCaseEvent::assign("works", "somchai");
        let last = RecordedStep {
            kind: Some(E::Assign),
            unit_id: Some("works"),
            officer_id: Some("somchai"),
            ..Default::default()
        };
        assert!(assign.repeats(&last));
        let refused = assign.check_not_repeated(Some(&last)).unwrap_err();
        assert!(refused.to_string().contains("ไม่บันทึกซ้ำ"), "{refused}");
        assert!(assign.check_not_repeated(None).is_ok());
        // Another officer, another unit, another kind: a new step.
        assert!(!NewCaseEvent::assign("works", "somsri").repeats(&last));
        assert!(!NewCaseEvent::assign("finance", "somchai").repeats(&last));
        let update = NewCaseEvent::new(E::ProgressUpdate).with_public_message(" สั่งซื้อหลอดไฟแล้ว ");
        let said = RecordedStep {
            kind: Some(E::ProgressUpdate),
            public_message: Some("สั่งซื้อหลอดไฟแล้ว"),
            ..Default::default()
        };
        assert!(update.repeats(&said), "trimmed text is the same text");
        assert!(
            !NewCaseEvent::new(E::ProgressUpdate)
                .with_public_message("ติดตั้งแล้ว")
                .repeats(&said)
        );
        assert!(!NewCaseEvent::note("สั่งซื้อหลอดไฟแล้ว").repeats(&said));
        // Sealed text cannot be compared: never a repeat.
        let sealed = RecordedStep {
            sealed_text: true,
            ..said
        };
        assert!(!update.repeats(&sealed));
        let mut sealed_new = NewCaseEvent::new(E::ProgressUpdate);
        sealed_new.sealed_public_message = Some(vec![1, 2, 3]);
        assert!(!sealed_new.repeats(&RecordedStep {
            kind: Some(E::ProgressUpdate),
            ..Default::default()
        }));
    }
}
