//! Staff accounts, roles and what each role may do. Citizens have no account.
//!
//! The rules live here, as pure functions, so that every route in `web` and
//! every command in `app` asks the same question the same way.

use serde::{Deserialize, Serialize};

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
    /// ตรวจสอบภายใน: reads everything, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Administrator,
        Role::PlanCoordinator,
        Role::UnitOfficer,
        Role::Executive,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::PlanCoordinator => "plan_coordinator",
            Role::UnitOfficer => "unit_officer",
            Role::Executive => "executive",
            Role::Auditor => "auditor",
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
        }
    }

    /// Whether this role needs a unit (only unit officers belong to one).
    pub fn needs_unit(self) -> bool {
        self == Role::UnitOfficer
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
}

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
}
