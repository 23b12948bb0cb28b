//! Staff accounts, roles and what each role may do. Citizens have no account.
//!
//! The rules live here, as pure functions, so that every route in `web` and
//! every command in `app` asks the same question the same way.

use serde::{Deserialize, Serialize};

use crate::complaint::{Channel, Handler};

/// A staff role (product.md §3). One role per account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, units, settings.
    Administrator,
    /// กองยุทธศาสตร์และงบประมาณ: imports the plan, reviews and publishes progress, reports.
    PlanCoordinator,
    /// A กอง/สำนัก/ฝ่าย officer: reports progress on the items their unit owns.
    UnitOfficer,
    /// นายก/ปลัด: dashboards.
    Executive,
    /// ตรวจสอบภายใน: reads everything; writes only the internal audit
    /// (plan, engagements, findings, follow-up), the internal-control
    /// forms and their review (ปค.6), and their own gift declarations.
    Auditor,
    /// ศูนย์รับเรื่องร้องเรียน: handles general complaints within the 15-day rule.
    ComplaintOfficer,
    /// ฝ่ายนิติการ: the only role that sees corruption reports; reveals a
    /// reporter's identity only with a recorded reason.
    IntegrityOfficer,
    /// An overseer of every LAO of one province (issue 15): an account of a
    /// provincial oversight office, reading roll-ups, never changing.
    ProvincialOverseer,
    /// An overseer of every LAO of the nation: an account of the national
    /// oversight office.
    NationalOverseer,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Administrator,
        Role::PlanCoordinator,
        Role::UnitOfficer,
        Role::Executive,
        Role::Auditor,
        Role::ComplaintOfficer,
        Role::IntegrityOfficer,
        Role::ProvincialOverseer,
        Role::NationalOverseer,
    ];

    /// The roles of an LAO's own staff (an oversight office has only
    /// overseers, and an LAO none: [`role_fits_organization`]).
    pub const LAO_STAFF: [Role; 7] = [
        Role::Administrator,
        Role::PlanCoordinator,
        Role::UnitOfficer,
        Role::Executive,
        Role::Auditor,
        Role::ComplaintOfficer,
        Role::IntegrityOfficer,
    ];

    /// An overseer reads roll-ups across LAOs and nothing of an LAO's own.
    pub fn is_overseer(self) -> bool {
        matches!(self, Role::ProvincialOverseer | Role::NationalOverseer)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::PlanCoordinator => "plan_coordinator",
            Role::UnitOfficer => "unit_officer",
            Role::Executive => "executive",
            Role::Auditor => "auditor",
            Role::ComplaintOfficer => "complaint_officer",
            Role::IntegrityOfficer => "integrity_officer",
            Role::ProvincialOverseer => "provincial_overseer",
            Role::NationalOverseer => "national_overseer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn thai(self) -> &'static str {
        match self {
            Role::Administrator => "ผู้ดูแลระบบ",
            Role::PlanCoordinator => "ผู้ประสานแผน",
            Role::UnitOfficer => "เจ้าหน้าที่หน่วยงาน",
            Role::Executive => "ผู้บริหาร",
            Role::Auditor => "ผู้ตรวจสอบภายใน",
            Role::ComplaintOfficer => "เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียน",
            Role::IntegrityOfficer => "เจ้าหน้าที่นิติการ (เรื่องทุจริต)",
            Role::ProvincialOverseer => "ผู้กำกับดูแลระดับจังหวัด",
            Role::NationalOverseer => "ผู้กำกับดูแลระดับประเทศ",
        }
    }

    /// Whether this role needs a unit (only unit officers belong to one).
    pub fn needs_unit(self) -> bool {
        self == Role::UnitOfficer
    }

    /// What the role is for, in one Thai sentence (shown on forms and the staff home).
    pub fn thai_description(self) -> &'static str {
        match self {
            Role::Administrator => "จัดการบัญชีผู้ใช้ หน่วยงาน และอ่านบันทึกการเปลี่ยนแปลง",
            Role::PlanCoordinator => {
                "นำเข้าแผน กำหนดหน่วยงานรับผิดชอบ ตรวจและเผยแพร่ผลการดำเนินงาน จัดทำรายงาน"
            }
            Role::UnitOfficer => "รายงานผลการดำเนินงานของรายการที่หน่วยงานตนรับผิดชอบ",
            Role::Executive => "ดูภาพรวมความก้าวหน้าของแผนและรายงาน",
            Role::Auditor => {
                "อ่านข้อมูลทั้งหมดและบันทึกการเปลี่ยนแปลง จัดทำแผนและผลการตรวจสอบภายใน \
                 แบบประเมินการควบคุมภายใน (ปค.) และรายงานการสอบทาน (ปค.6) โดยไม่แก้ไขสิ่งอื่น"
            }
            Role::ComplaintOfficer => "รับและดำเนินการเรื่องร้องทุกข์/ร้องเรียนทั่วไปให้แล้วเสร็จภายในกำหนด",
            Role::IntegrityOfficer => {
                "ผู้เดียวที่เห็นเรื่องแจ้งเบาะแสการทุจริต ดำเนินการสืบสวนจนถึงผลการพิจารณา \
                 และเปิดดูตัวตนผู้แจ้งได้เมื่อบันทึกเหตุผล"
            }
            Role::ProvincialOverseer => {
                "ดูภาพรวมผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นทุกแห่งในจังหวัด โดยไม่แก้ไขข้อมูล"
            }
            Role::NationalOverseer => {
                "ดูภาพรวมผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นทั่วประเทศ โดยไม่แก้ไขข้อมูล"
            }
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the web may not do to an integrity officer's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountChange {
    Create,
    /// Role and active flag after the change.
    Update {
        role: Role,
        active: bool,
    },
    ResetPassword,
}

/// Said when the web is asked to create, promote, reactivate or reset an
/// integrity officer.
pub const INTEGRITY_OFFICER_FROM_HOST_ONLY: &str = "บัญชีเจ้าหน้าที่นิติการ (เรื่องทุจริต) \
    สร้าง เปลี่ยนบทบาทเป็น เปิดใช้อีกครั้ง หรือตั้งรหัสผ่านใหม่ได้จากเครื่องแม่ข่ายเท่านั้น \
    (sujarit user add … --role integrity_officer) ผู้ดูแลระบบจึงไม่สามารถให้สิทธิ์ตนเองเปิดอ่านเรื่องแจ้งเบาะแสได้";

/// Said when the web is asked to make, change or reset an overseer.
pub const OVERSEER_FROM_HOST_ONLY: &str = "บัญชีผู้กำกับดูแลระดับจังหวัดและระดับประเทศ \
    สร้างและแก้ไขได้จากเครื่องแม่ข่ายเท่านั้น (sujarit user add … --role provincial_overseer)";

/// Whether `role` may belong to an organisation of `kind` (None: not in the
/// directory, like a one-LAO installation's): an overseer only to an
/// oversight office of its level, and an LAO's staff only to an LAO. An
/// overseer's scope is its office's, so a provincial overseer made inside
/// an LAO would read the whole province: this is what stops it.
pub fn role_fits_organization(
    role: Role,
    kind: Option<crate::directory::OrganizationKind>,
) -> Result<(), &'static str> {
    use crate::directory::OrganizationKind as Kind;
    let fits = match (role, kind) {
        (Role::ProvincialOverseer, Some(Kind::ProvincialOffice)) => true,
        (Role::NationalOverseer, Some(Kind::NationalOffice)) => true,
        (role, _) if role.is_overseer() => false,
        (_, Some(kind)) => kind.is_lao(),
        (_, None) => true,
    };
    if fits {
        Ok(())
    } else if role.is_overseer() {
        Err(
            "บัญชีผู้กำกับดูแลต้องอยู่ในหน่วยกำกับดูแลระดับเดียวกัน (provincial_office หรือ national_office ในทะเบียนองค์กร)",
        )
    } else {
        Err("หน่วยกำกับดูแลมีได้เฉพาะบัญชีผู้กำกับดูแล (provincial_overseer หรือ national_overseer)")
    }
}

/// Whether a change made from the web (by an administrator) is allowed: the
/// integrity officer role is never created, given, reactivated or reset
/// there, so that no administrator can become one (GlobaLeaks' rule:
/// administrators never reach reports). `before`: the account as it is
/// (role, active), None when it is being created. The command line on the
/// host is the only way.
pub fn web_may_change(
    before: Option<(Role, bool)>,
    change: AccountChange,
) -> Result<(), &'static str> {
    let overseer_involved = match (before, change) {
        (_, AccountChange::Update { role, .. }) if role.is_overseer() => true,
        (Some((was, _)), _) => was.is_overseer(),
        _ => false,
    };
    if overseer_involved {
        return Err(OVERSEER_FROM_HOST_ONLY);
    }
    let refused = match (before, change) {
        (_, AccountChange::Create) => false,
        (Some((Role::IntegrityOfficer, _)), AccountChange::ResetPassword) => true,
        (_, AccountChange::ResetPassword) => false,
        (Some((was, was_active)), AccountChange::Update { role, active }) => {
            (role == Role::IntegrityOfficer && was != Role::IntegrityOfficer)
                || (was == Role::IntegrityOfficer && !was_active && active)
        }
        (None, AccountChange::Update { role, .. }) => role == Role::IntegrityOfficer,
    };
    if refused {
        Err(INTEGRITY_OFFICER_FROM_HOST_ONLY)
    } else {
        Ok(())
    }
}

/// Whether the web may create an account of `role`.
pub fn web_may_create(role: Role) -> Result<(), &'static str> {
    if role.is_overseer() {
        Err(OVERSEER_FROM_HOST_ONLY)
    } else if role == Role::IntegrityOfficer {
        Err(INTEGRITY_OFFICER_FROM_HOST_ONLY)
    } else {
        web_may_change(None, AccountChange::Create)
    }
}

/// Something a route may require of the signed-in staff member. Item-level
/// reporting depends on the item's units, so it is [`Actor::can_report_on`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Returning, approving and publishing progress.
    Review,
    /// Unpublished progress, dashboards and reports of the whole plan.
    ReadEverything,
    /// Users (create, edit, deactivate, reset passwords).
    ManageUsers,
    /// Units and which unit owns which item.
    ManageUnits,
    /// The audit log of staff changes.
    ReadAuditLog,
    /// Yearly actuals of the plan's targets.
    EnterTargetActuals,
    /// Reading general complaints (cases, history, statistics).
    ReadGeneralComplaints,
    /// Screening, assigning and answering general complaints.
    HandleGeneralComplaints,
    /// A unit officer's queue: the general complaints assigned to their own
    /// unit (read, progress, files, a proposed answer; see
    /// [`Actor::complaint_handler`]).
    WorkOnUnitComplaints,
    /// Everything about corruption reports: the integrity officer alone.
    HandleCorruptionReports,
    /// Complaint categories and deadlines.
    ManageComplaintSettings,
    /// The information centre: catalogues, owner units, publishing any
    /// item (a unit officer publishes only their own unit's items).
    ManageDisclosures,
    /// Reading the integrity registers in full (issue 14): the risk
    /// register, internal measures, the internal audit and the internal
    /// control evaluation. Gift declarations are [`Permission::ReadGiftRegister`].
    ReadIntegrityRegisters,
    /// The corruption risk register, its risk matrix and the internal
    /// measures: the plan coordinator.
    ManageRiskRegister,
    /// The annual audit plan, engagements, findings and their follow-up:
    /// the internal auditor.
    WriteInternalAudit,
    /// The internal control evaluation (committee, ปค.4, ปค.5, ปค.1, the
    /// improvements and the submission): the plan coordinator, who
    /// coordinates it, and the internal auditor.
    ManageInternalControl,
    /// The internal auditor's review of the evaluation (ปค.6).
    ReviewInternalControl,
    /// Declaring one's own gifts and benefits, and nil returns: every staff
    /// member.
    DeclareGifts,
    /// Every gift declaration with the declarant's name: executives and the
    /// internal auditor. (A unit's head reads and decides their unit's
    /// declarations: [`Actor::may_decide_gift`].)
    ReadGiftRegister,
    /// Reading the roll-ups across the LAOs of the overseer's scope (issue
    /// 15): the overseers alone, who hold no other permission.
    OverseeOrganizations,
}

impl Permission {
    /// Why a role without it is refused, in Thai.
    pub fn thai_refusal(self) -> &'static str {
        match self {
            Permission::Review => "เฉพาะผู้ประสานแผนเท่านั้นที่ตรวจและเผยแพร่ผลการดำเนินงานได้",
            Permission::ReadEverything => "บทบาทของคุณไม่มีสิทธิ์ดูข้อมูลทั้งแผน",
            Permission::ManageUsers => "เฉพาะผู้ดูแลระบบเท่านั้นที่จัดการบัญชีผู้ใช้ได้",
            Permission::ManageUnits => "เฉพาะผู้ดูแลระบบและผู้ประสานแผนเท่านั้นที่จัดการหน่วยงานได้",
            Permission::ReadAuditLog => "เฉพาะผู้ดูแลระบบและผู้ตรวจสอบภายในเท่านั้นที่อ่านบันทึกการเปลี่ยนแปลงได้",
            Permission::EnterTargetActuals => "เฉพาะผู้ประสานแผนเท่านั้นที่บันทึกผลตามเป้าหมายได้",
            Permission::ReadGeneralComplaints => "บทบาทของคุณไม่มีสิทธิ์ดูเรื่องร้องเรียน",
            Permission::HandleGeneralComplaints => {
                "เฉพาะเจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนและเจ้าหน้าที่นิติการเท่านั้นที่ดำเนินการเรื่องร้องเรียนได้"
            }
            Permission::WorkOnUnitComplaints => {
                "เฉพาะเจ้าหน้าที่ของหน่วยงานที่ได้รับมอบหมายเท่านั้นที่ดำเนินการเรื่องนี้ได้"
            }
            Permission::HandleCorruptionReports => {
                "เรื่องแจ้งเบาะแสการทุจริตเปิดดูได้เฉพาะเจ้าหน้าที่นิติการเท่านั้น เพื่อคุ้มครองผู้แจ้ง"
            }
            Permission::ManageComplaintSettings => {
                "เฉพาะผู้ดูแลระบบเท่านั้นที่ตั้งค่าประเภทเรื่องและระยะเวลาดำเนินการได้"
            }
            Permission::ManageDisclosures => {
                "เฉพาะผู้ดูแลระบบและผู้ประสานแผนเท่านั้นที่จัดการรายการข้อมูลสาธารณะได้"
            }
            Permission::ReadIntegrityRegisters => {
                "บทบาทของคุณไม่มีสิทธิ์ดูทะเบียนความเสี่ยง การตรวจสอบภายใน และการควบคุมภายใน"
            }
            Permission::ManageRiskRegister => {
                "เฉพาะผู้ประสานแผนเท่านั้นที่แก้ไขทะเบียนความเสี่ยงการทุจริตและมาตรการภายในได้"
            }
            Permission::WriteInternalAudit => "เฉพาะผู้ตรวจสอบภายในเท่านั้นที่บันทึกการตรวจสอบภายในได้",
            Permission::ManageInternalControl => {
                "เฉพาะผู้ประสานแผนและผู้ตรวจสอบภายในเท่านั้นที่บันทึกการประเมินการควบคุมภายในได้"
            }
            Permission::ReviewInternalControl => {
                "เฉพาะผู้ตรวจสอบภายในเท่านั้นที่จัดทำรายงานการสอบทาน (ปค.6) ได้"
            }
            Permission::DeclareGifts => "บทบาทของคุณไม่มีสิทธิ์แจ้งการรับของขวัญ",
            Permission::ReadGiftRegister => {
                "ทะเบียนการรับของขวัญทั้งหมดเปิดดูได้เฉพาะผู้บริหารและผู้ตรวจสอบภายใน"
            }
            Permission::OverseeOrganizations => {
                "เฉพาะผู้กำกับดูแลระดับจังหวัดและระดับประเทศเท่านั้นที่ดูภาพรวมหลายองค์กรได้"
            }
        }
    }
}

/// What a signed-in staff member is, as far as permissions go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub organization_id: String,
    pub role: Role,
    /// The unit of a unit officer.
    pub unit_id: Option<String>,
}

impl Actor {
    /// Writing progress for an item: its own unit's officers, and the coordinator.
    /// `item_units` are the ids of the units that own the item.
    pub fn can_report_on(&self, item_units: &[String]) -> bool {
        match self.role {
            Role::PlanCoordinator => true,
            Role::UnitOfficer => self
                .unit_id
                .as_ref()
                .is_some_and(|u| item_units.iter().any(|x| x == u)),
            _ => false,
        }
    }

    /// Returning, approving and publishing progress.
    pub fn can_review(&self) -> bool {
        self.role == Role::PlanCoordinator
    }

    /// Seeing unpublished progress, dashboards and reports of the whole plan.
    pub fn can_read_everything(&self) -> bool {
        matches!(
            self.role,
            Role::Administrator | Role::PlanCoordinator | Role::Executive | Role::Auditor
        )
    }

    /// Users and units.
    pub fn can_manage_users(&self) -> bool {
        self.role == Role::Administrator
    }

    /// The audit log of staff changes.
    pub fn can_read_audit_log(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::Auditor)
    }

    /// Entering yearly actuals of the plan's targets (ITA score, cases).
    pub fn can_enter_target_actuals(&self) -> bool {
        self.role == Role::PlanCoordinator
    }

    /// Units and the item→unit assignments.
    pub fn can_manage_units(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::PlanCoordinator)
    }

    /// Disclosure catalogues, owner units and publishing any item.
    pub fn can_manage_disclosures(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::PlanCoordinator)
    }

    /// Publishing one disclosure period: the managers, and an officer of the
    /// unit that owns it (`owner_unit` and `own_unit` are unit names).
    pub fn can_publish_disclosure(&self, owner_unit: Option<&str>, own_unit: Option<&str>) -> bool {
        self.can_manage_disclosures()
            || (self.role == Role::UnitOfficer
                && matches!((owner_unit, own_unit), (Some(a), Some(b)) if a.trim() == b.trim()))
    }

    /// The unit whose assigned general complaints are this actor's queue:
    /// a unit officer's own unit.
    pub fn complaint_queue_unit(&self) -> Option<&str> {
        match self.role {
            Role::UnitOfficer => self.unit_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the actor may open a case of `channel` now assigned to
    /// `case_unit`: a corruption report only the integrity officer; a
    /// general complaint every role that reads them, and a unit officer
    /// only while it is assigned to their unit.
    pub fn may_open_complaint(&self, channel: Channel, case_unit: Option<&str>) -> bool {
        match channel {
            Channel::Corruption => self.has(Permission::HandleCorruptionReports),
            Channel::General => {
                self.has(Permission::ReadGeneralComplaints)
                    || self
                        .complaint_queue_unit()
                        .is_some_and(|own| case_unit == Some(own))
            }
        }
    }

    /// As whom the actor records steps on (and attaches files to) such a
    /// case; None: they only read it (or may not open it at all). A unit
    /// officer never reveals the complainant's contact: that stays with the
    /// complaint centre ([`Handler::Centre`]).
    pub fn complaint_handler(&self, channel: Channel, case_unit: Option<&str>) -> Option<Handler> {
        let centre = match channel {
            Channel::General => Permission::HandleGeneralComplaints,
            Channel::Corruption => Permission::HandleCorruptionReports,
        };
        if self.has(centre) {
            Some(Handler::Centre)
        } else if channel == Channel::General && self.may_open_complaint(channel, case_unit) {
            self.complaint_queue_unit().map(|_| Handler::AssignedUnit)
        } else {
            None
        }
    }

    /// Whether the actor holds `permission`.
    pub fn has(&self, permission: Permission) -> bool {
        // An overseer holds nothing of an LAO's own, whatever the rules below say.
        if self.role.is_overseer() {
            return permission == Permission::OverseeOrganizations;
        }
        match permission {
            Permission::OverseeOrganizations => false,
            Permission::Review => self.can_review(),
            Permission::ReadEverything => self.can_read_everything(),
            Permission::ManageUsers => self.can_manage_users(),
            Permission::ManageUnits => self.can_manage_units(),
            Permission::ReadAuditLog => self.can_read_audit_log(),
            Permission::EnterTargetActuals => self.can_enter_target_actuals(),
            Permission::ReadGeneralComplaints => !matches!(self.role, Role::UnitOfficer),
            Permission::HandleGeneralComplaints => {
                matches!(self.role, Role::ComplaintOfficer | Role::IntegrityOfficer)
            }
            Permission::WorkOnUnitComplaints => self.complaint_queue_unit().is_some(),
            Permission::HandleCorruptionReports => self.role == Role::IntegrityOfficer,
            Permission::ManageComplaintSettings => self.role == Role::Administrator,
            Permission::ManageDisclosures => self.can_manage_disclosures(),
            Permission::ReadIntegrityRegisters => self.can_read_everything(),
            Permission::ManageRiskRegister => self.role == Role::PlanCoordinator,
            Permission::WriteInternalAudit | Permission::ReviewInternalControl => {
                self.role == Role::Auditor
            }
            Permission::ManageInternalControl => {
                matches!(self.role, Role::PlanCoordinator | Role::Auditor)
            }
            Permission::DeclareGifts => true,
            Permission::ReadGiftRegister => matches!(self.role, Role::Executive | Role::Auditor),
        }
    }

    /// Whether the actor decides on a gift declared by `declarant` (a user
    /// id): never their own; an executive decides anyone else's; the head
    /// of a unit decides those of the unit's members
    /// (`heads_declarant_unit`: the actor is recorded as the head of the
    /// declarant's unit).
    pub fn may_decide_gift(&self, declarant: &str, heads_declarant_unit: bool) -> bool {
        declarant != self.user_id && (self.role == Role::Executive || heads_declarant_unit)
    }
}

/// Shortest password accepted (characters, not bytes: Thai letters count once).
/// The actor id of what Sujarit does by itself (publishing generated
/// disclosures): shown as "ระบบ" rather than as an unknown account.
pub const SYSTEM_ACTOR: &str = "system";

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted: hashing cost grows with length, and no one types more.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a new password against the policy; the error is a Thai sentence for the form.
pub fn check_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if password.trim().is_empty() {
        return Err("กรุณากรอกรหัสผ่าน".into());
    }
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_CHARS} ตัวอักษร (กรอกมา {chars} ตัวอักษร)"
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(format!("รหัสผ่านต้องยาวไม่เกิน {MAX_PASSWORD_CHARS} ตัวอักษร"));
    }
    if password.chars().any(char::is_control) {
        return Err("รหัสผ่านต้องไม่มีอักขระควบคุม (เช่น การขึ้นบรรทัดใหม่)".into());
    }
    Ok(())
}

/// A staff email address, trimmed and lower-cased: the login name, unique per organisation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` (ASCII or not), without spaces; the error is Thai.
    /// Deliberately loose: the address is a login name, never mailed here.
    pub fn parse(input: &str) -> Result<Email, String> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("กรุณากรอกอีเมล".into());
        }
        if email.chars().count() > 254 {
            return Err("อีเมลยาวเกิน 254 ตัวอักษร".into());
        }
        let bad = || {
            format!(
                "อีเมล \"{}\" ไม่ถูกต้อง ต้องเขียนเป็น ชื่อ@โดเมน เช่น somchai@example.go.th",
                input.trim()
            )
        };
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(bad());
        };
        let domain_ok = domain.contains('.')
            && !domain.contains('@')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok {
            return Err(bad());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`, a fallback display name.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(&self.0, |(local, _)| local)
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's or a unit's name as typed: trimmed, inner runs of whitespace
/// made one space; the error is Thai and names the field (`what`).
pub fn clean_name(input: &str, what: &str, max_chars: usize) -> Result<String, String> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(format!("กรุณากรอก{what}"));
    }
    if name.chars().any(char::is_control) {
        return Err(format!("{what}ต้องไม่มีอักขระควบคุม"));
    }
    let chars = name.chars().count();
    if chars > max_chars {
        return Err(format!(
            "{what}ยาวเกิน {max_chars} ตัวอักษร (กรอกมา {chars} ตัวอักษร)"
        ));
    }
    Ok(name)
}

/// Longest display name of a person.
pub const MAX_DISPLAY_NAME_CHARS: usize = 120;
/// Longest unit name.
pub const MAX_UNIT_NAME_CHARS: usize = 200;

/// How the audit log names the organisation's current plan as the target of
/// a change (units synchronised from it).
pub const CURRENT_PLAN_AUDIT_TARGET: &str = "แผนปัจจุบัน";

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, unit: Option<&str>) -> Actor {
        Actor {
            user_id: "u".into(),
            organization_id: "o".into(),
            role,
            unit_id: unit.map(str::to_string),
        }
    }

    #[test]
    fn only_the_owning_unit_and_the_coordinator_report() {
        let units = vec!["finance".to_string()];
        assert!(actor(Role::UnitOfficer, Some("finance")).can_report_on(&units));
        assert!(!actor(Role::UnitOfficer, Some("education")).can_report_on(&units));
        assert!(!actor(Role::UnitOfficer, None).can_report_on(&units));
        assert!(actor(Role::PlanCoordinator, None).can_report_on(&units));
        for role in [Role::Administrator, Role::Executive, Role::Auditor] {
            assert!(!actor(role, None).can_report_on(&units), "{role:?}");
        }
    }

    #[test]
    fn only_the_coordinator_reviews_and_the_auditor_changes_nothing() {
        for role in Role::ALL {
            let a = actor(role, None);
            assert_eq!(a.can_review(), role == Role::PlanCoordinator);
            if role == Role::Auditor {
                assert!(!a.can_review() && !a.can_manage_users() && !a.can_enter_target_actuals());
                assert!(a.can_read_everything() && a.can_read_audit_log());
            }
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn permissions_follow_the_roles() {
        use Permission::*;
        let expect = |role: Role| -> Vec<Permission> {
            match role {
                Role::Administrator => vec![
                    ReadEverything,
                    ManageUsers,
                    ManageUnits,
                    ReadAuditLog,
                    ReadGeneralComplaints,
                    ManageComplaintSettings,
                    ManageDisclosures,
                ],
                Role::PlanCoordinator => vec![
                    Review,
                    ReadEverything,
                    ManageUnits,
                    EnterTargetActuals,
                    ReadGeneralComplaints,
                    ManageDisclosures,
                ],
                Role::UnitOfficer => vec![WorkOnUnitComplaints],
                Role::Executive => vec![ReadEverything, ReadGeneralComplaints],
                Role::Auditor => vec![ReadEverything, ReadAuditLog, ReadGeneralComplaints],
                Role::ComplaintOfficer => vec![ReadGeneralComplaints, HandleGeneralComplaints],
                // The only role that sees corruption reports at all.
                Role::IntegrityOfficer => vec![
                    ReadGeneralComplaints,
                    HandleGeneralComplaints,
                    HandleCorruptionReports,
                ],
                // Overseers read roll-ups and hold nothing of an LAO's own.
                Role::ProvincialOverseer | Role::NationalOverseer => vec![OverseeOrganizations],
            }
        };
        let all = [
            Review,
            ReadEverything,
            ManageUsers,
            ManageUnits,
            ReadAuditLog,
            EnterTargetActuals,
            ReadGeneralComplaints,
            HandleGeneralComplaints,
            WorkOnUnitComplaints,
            HandleCorruptionReports,
            ManageComplaintSettings,
            ManageDisclosures,
            OverseeOrganizations,
        ];
        for role in Role::ALL {
            let a = actor(role, Some("unit"));
            let held: Vec<Permission> = all.into_iter().filter(|p| a.has(*p)).collect();
            assert_eq!(held, expect(role), "{role:?}");
        }
    }

    #[test]
    fn unit_officers_publish_only_their_own_units_disclosures() {
        let officer = actor(Role::UnitOfficer, Some("u1"));
        assert!(officer.can_publish_disclosure(Some("กองคลัง"), Some(" กองคลัง")));
        assert!(!officer.can_publish_disclosure(Some("กองช่าง"), Some("กองคลัง")));
        assert!(!officer.can_publish_disclosure(None, Some("กองคลัง")));
        for role in [Role::Administrator, Role::PlanCoordinator] {
            assert!(actor(role, None).can_publish_disclosure(None, None));
        }
        for role in [Role::Executive, Role::Auditor] {
            assert!(!actor(role, None).can_publish_disclosure(Some("กองคลัง"), Some("กองคลัง")));
        }
    }

    #[test]
    fn the_web_never_creates_promotes_reactivates_or_resets_an_integrity_officer() {
        use AccountChange::*;
        let io = Role::IntegrityOfficer;
        assert!(web_may_create(io).is_err());
        assert!(web_may_create(Role::Auditor).is_ok());
        assert!(
            web_may_change(
                Some((Role::Auditor, true)),
                Update {
                    role: io,
                    active: true
                }
            )
            .is_err()
        );
        assert!(
            web_may_change(
                Some((io, false)),
                Update {
                    role: io,
                    active: true
                }
            )
            .is_err()
        );
        assert!(web_may_change(Some((io, true)), ResetPassword).is_err());
        // Deactivating, renaming and demoting stay possible (they take access away).
        assert!(
            web_may_change(
                Some((io, true)),
                Update {
                    role: io,
                    active: false
                }
            )
            .is_ok()
        );
        assert!(
            web_may_change(
                Some((io, true)),
                Update {
                    role: io,
                    active: true
                }
            )
            .is_ok()
        );
        assert!(
            web_may_change(
                Some((io, true)),
                Update {
                    role: Role::Auditor,
                    active: true
                }
            )
            .is_ok()
        );
        assert!(web_may_change(Some((Role::Auditor, true)), ResetPassword).is_ok());
    }

    #[test]
    fn passwords_need_ten_characters_counted_as_characters() {
        assert!(check_password("").is_err());
        assert!(check_password("          ").is_err());
        assert!(check_password("short1234").unwrap_err().contains("10"));
        assert!(check_password("0123456789").is_ok());
        // Ten Thai letters are 30 bytes but ten characters.
        assert!(check_password("รหัสผ่านยาว").is_ok());
        assert!(check_password("รหัสผ่าน").is_err());
        assert!(check_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(check_password("line\nbreak12345").is_err());
    }

    #[test]
    fn emails_are_trimmed_lower_cased_and_checked() {
        let e = Email::parse("  Somchai@Example.GO.th ").unwrap();
        assert_eq!(e.as_str(), "somchai@example.go.th");
        assert_eq!(e.local_part(), "somchai");
        assert_eq!(
            Email::parse("admin@demo.sujarit.local").unwrap().as_str(),
            "admin@demo.sujarit.local"
        );
        for bad in [
            "",
            "somchai",
            "@example.org",
            "a@b",
            "a@.org",
            "a@b..org",
            "a b@c.org",
            "a@b@c.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_are_squeezed_and_bounded() {
        assert_eq!(
            clean_name("  กอง  คลัง ", "ชื่อหน่วยงาน", 20).unwrap(),
            "กอง คลัง"
        );
        assert_eq!(
            clean_name("   ", "ชื่อหน่วยงาน", 20).unwrap_err(),
            "กรุณากรอกชื่อหน่วยงาน"
        );
        assert!(clean_name(&"ก".repeat(21), "ชื่อ", 20).is_err());
    }

    #[test]
    fn a_unit_officer_works_only_on_general_complaints_of_their_unit() {
        let officer = actor(Role::UnitOfficer, Some("works"));
        let g = Channel::General;
        assert!(officer.may_open_complaint(g, Some("works")));
        assert!(!officer.may_open_complaint(g, Some("finance")));
        assert!(!officer.may_open_complaint(g, None));
        assert!(!officer.may_open_complaint(Channel::Corruption, Some("works")));
        assert_eq!(
            officer.complaint_handler(g, Some("works")),
            Some(Handler::AssignedUnit)
        );
        assert_eq!(officer.complaint_handler(g, Some("finance")), None);
        assert_eq!(
            officer.complaint_handler(Channel::Corruption, Some("works")),
            None
        );
        // A unit officer without a unit has no queue.
        let lost = actor(Role::UnitOfficer, None);
        assert!(!lost.has(Permission::WorkOnUnitComplaints));
        assert!(!lost.may_open_complaint(g, None));
        // The centre handles any unit's case; readers only read.
        let centre = actor(Role::ComplaintOfficer, None);
        assert_eq!(
            centre.complaint_handler(g, Some("finance")),
            Some(Handler::Centre)
        );
        assert_eq!(centre.complaint_handler(Channel::Corruption, None), None);
        let auditor = actor(Role::Auditor, None);
        assert!(auditor.may_open_complaint(g, Some("works")));
        assert_eq!(auditor.complaint_handler(g, Some("works")), None);
        let integrity = actor(Role::IntegrityOfficer, None);
        assert_eq!(
            integrity.complaint_handler(Channel::Corruption, None),
            Some(Handler::Centre)
        );
    }

    #[test]
    fn an_overseer_belongs_only_to_an_office_of_its_level() {
        use crate::directory::OrganizationKind as Kind;
        assert!(
            role_fits_organization(Role::ProvincialOverseer, Some(Kind::ProvincialOffice)).is_ok()
        );
        assert!(role_fits_organization(Role::NationalOverseer, Some(Kind::NationalOffice)).is_ok());
        // Made inside an LAO, a provincial overseer would read its whole province.
        assert!(role_fits_organization(Role::ProvincialOverseer, Some(Kind::Sao)).is_err());
        assert!(role_fits_organization(Role::ProvincialOverseer, None).is_err());
        assert!(
            role_fits_organization(Role::NationalOverseer, Some(Kind::ProvincialOffice)).is_err()
        );
        assert!(role_fits_organization(Role::Administrator, Some(Kind::ProvincialOffice)).is_err());
        assert!(role_fits_organization(Role::Administrator, Some(Kind::Sao)).is_ok());
        assert!(role_fits_organization(Role::Administrator, None).is_ok());
        assert!(web_may_create(Role::ProvincialOverseer).is_err());
        assert!(
            web_may_change(
                Some((Role::NationalOverseer, true)),
                AccountChange::ResetPassword
            )
            .is_err()
        );
        assert!(
            web_may_change(
                Some((Role::Executive, true)),
                AccountChange::Update {
                    role: Role::ProvincialOverseer,
                    active: true
                }
            )
            .is_err()
        );
    }
}
