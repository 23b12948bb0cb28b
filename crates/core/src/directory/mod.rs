//! The directory of local administrative organisations (issue 15): what kind
//! of LAO an organisation is, where it sits (province, district,
//! sub-district, from [`areas`]), its official code where known, and the
//! oversight offices whose overseers read across the LAOs of a province or
//! of the nation ([`OversightScope`]).

pub mod areas;
pub mod file;

use serde::{Deserialize, Serialize};

/// What an organisation of the directory is. The six LAO kinds of the
/// Department of Local Administration, and two kinds of oversight office
/// (a province's and the nation's), whose accounts are overseers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OrganizationKind {
    /// องค์การบริหารส่วนจังหวัด (อบจ.), one per province outside Bangkok.
    Pao,
    /// เทศบาลนคร.
    CityMunicipality,
    /// เทศบาลเมือง.
    TownMunicipality,
    /// เทศบาลตำบล.
    SubdistrictMunicipality,
    /// องค์การบริหารส่วนตำบล (อบต.).
    Sao,
    /// รูปแบบพิเศษ: กรุงเทพมหานคร, เมืองพัทยา.
    Special,
    /// A province's oversight office (e.g. สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด):
    /// its overseers read every LAO of the province.
    ProvincialOffice,
    /// The national oversight office (e.g. สำนักงาน ป.ป.ช.): its overseers
    /// read every LAO.
    NationalOffice,
}

impl OrganizationKind {
    pub const ALL: [OrganizationKind; 8] = [
        OrganizationKind::Pao,
        OrganizationKind::CityMunicipality,
        OrganizationKind::TownMunicipality,
        OrganizationKind::SubdistrictMunicipality,
        OrganizationKind::Sao,
        OrganizationKind::Special,
        OrganizationKind::ProvincialOffice,
        OrganizationKind::NationalOffice,
    ];

    /// The LAO kinds, in the order the comparison pages list them.
    pub const LAO: [OrganizationKind; 6] = [
        OrganizationKind::Pao,
        OrganizationKind::CityMunicipality,
        OrganizationKind::TownMunicipality,
        OrganizationKind::SubdistrictMunicipality,
        OrganizationKind::Sao,
        OrganizationKind::Special,
    ];

    /// As stored and as written in a directory file.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationKind::Pao => "pao",
            OrganizationKind::CityMunicipality => "city_municipality",
            OrganizationKind::TownMunicipality => "town_municipality",
            OrganizationKind::SubdistrictMunicipality => "subdistrict_municipality",
            OrganizationKind::Sao => "sao",
            OrganizationKind::Special => "special",
            OrganizationKind::ProvincialOffice => "provincial_office",
            OrganizationKind::NationalOffice => "national_office",
        }
    }

    /// From its stored name, or from the Thai abbreviation a directory file
    /// may use (อบจ., ทน., ทม., ทต., อบต., พิเศษ).
    pub fn parse(text: &str) -> Option<OrganizationKind> {
        let text = text.trim();
        OrganizationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text || k.abbreviation() == text || k.thai() == text)
    }

    pub fn thai(self) -> &'static str {
        match self {
            OrganizationKind::Pao => "องค์การบริหารส่วนจังหวัด",
            OrganizationKind::CityMunicipality => "เทศบาลนคร",
            OrganizationKind::TownMunicipality => "เทศบาลเมือง",
            OrganizationKind::SubdistrictMunicipality => "เทศบาลตำบล",
            OrganizationKind::Sao => "องค์การบริหารส่วนตำบล",
            OrganizationKind::Special => "องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ",
            OrganizationKind::ProvincialOffice => "หน่วยกำกับดูแลระดับจังหวัด",
            OrganizationKind::NationalOffice => "หน่วยกำกับดูแลระดับประเทศ",
        }
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            OrganizationKind::Pao => "อบจ.",
            OrganizationKind::CityMunicipality => "ทน.",
            OrganizationKind::TownMunicipality => "ทม.",
            OrganizationKind::SubdistrictMunicipality => "ทต.",
            OrganizationKind::Sao => "อบต.",
            OrganizationKind::Special => "พิเศษ",
            OrganizationKind::ProvincialOffice => "กำกับจังหวัด",
            OrganizationKind::NationalOffice => "กำกับประเทศ",
        }
    }

    /// A local administrative organisation (not an oversight office).
    pub fn is_lao(self) -> bool {
        !self.is_office()
    }

    pub fn is_office(self) -> bool {
        matches!(
            self,
            OrganizationKind::ProvincialOffice | OrganizationKind::NationalOffice
        )
    }
}

/// One organisation's entry in the directory. Codes are [`areas`]' codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub kind: OrganizationKind,
    /// Every kind has one but the national office.
    pub province_code: Option<String>,
    pub district_code: Option<String>,
    pub sub_district_code: Option<String>,
    /// The Department of Local Administration's code (รหัส อปท.), where known.
    pub official_code: Option<String>,
}

impl DirectoryEntry {
    /// Whose LAOs the overseers of this organisation read, if it is an
    /// oversight office.
    pub fn oversight_scope(&self) -> Option<OversightScope> {
        match (self.kind, &self.province_code) {
            (OrganizationKind::NationalOffice, _) => Some(OversightScope::National),
            (OrganizationKind::ProvincialOffice, Some(code)) => {
                Some(OversightScope::Province(code.clone()))
            }
            _ => None,
        }
    }

    /// The Thai message for an entry whose places do not fit together (a
    /// district of another province, a sub-district of another district, an
    /// unknown code, a national office with a province), with the field.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let areas = areas::areas();
        if self.kind == OrganizationKind::NationalOffice {
            if self.province_code.is_some() || self.district_code.is_some() {
                return Err((
                    "province",
                    "หน่วยกำกับดูแลระดับประเทศไม่ต้องระบุจังหวัดหรืออำเภอ".into(),
                ));
            }
            return Ok(());
        }
        let Some(province) = self.province_code.as_deref() else {
            return Err(("province", "ต้องระบุจังหวัด".into()));
        };
        if areas.province(province).is_none() {
            return Err(("province", format!("ไม่พบจังหวัดรหัส \"{province}\"")));
        }
        if let Some(district) = self.district_code.as_deref() {
            match areas.district(district) {
                None => return Err(("district", format!("ไม่พบอำเภอรหัส \"{district}\""))),
                Some(d) if d.province_code != province => {
                    return Err(("district", format!("อำเภอ{} ไม่อยู่ในจังหวัดที่ระบุ", d.name_th)));
                }
                Some(_) => {}
            }
        }
        if let Some(sub) = self.sub_district_code.as_deref() {
            match areas.sub_district(sub) {
                None => {
                    return Err(("sub_district", format!("ไม่พบตำบลรหัส \"{sub}\"")));
                }
                Some(s) if Some(s.district_code.as_str()) != self.district_code.as_deref() => {
                    return Err(("sub_district", format!("ตำบล{} ไม่อยู่ในอำเภอที่ระบุ", s.name_th)));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// What an overseer reads: every LAO of one province, or of the nation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OversightScope {
    National,
    /// A province's code.
    Province(String),
}

impl OversightScope {
    /// Whether an LAO of `province_code` is within the scope.
    pub fn covers(&self, province_code: &str) -> bool {
        match self {
            OversightScope::National => true,
            OversightScope::Province(code) => code == province_code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_read_thai_abbreviations() {
        for kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::parse(kind.as_str()), Some(kind));
            assert_eq!(OrganizationKind::parse(kind.abbreviation()), Some(kind));
        }
        assert_eq!(OrganizationKind::parse("อบต."), Some(OrganizationKind::Sao));
        assert_eq!(OrganizationKind::parse("municipality"), None);
        assert!(OrganizationKind::Sao.is_lao());
        assert!(!OrganizationKind::ProvincialOffice.is_lao());
    }

    #[test]
    fn an_entry_checks_that_its_places_fit_together() {
        let entry = |p: Option<&str>, d: Option<&str>, s: Option<&str>| DirectoryEntry {
            kind: OrganizationKind::Sao,
            province_code: p.map(str::to_string),
            district_code: d.map(str::to_string),
            sub_district_code: s.map(str::to_string),
            official_code: None,
        };
        // Bangkok (10), เขตพระนคร (1001), พระบรมมหาราชวัง (100101).
        assert_eq!(
            entry(Some("10"), Some("1001"), Some("100101")).check(),
            Ok(())
        );
        assert_eq!(entry(None, None, None).check().unwrap_err().0, "province");
        assert_eq!(
            entry(Some("99"), None, None).check().unwrap_err().0,
            "province"
        );
        // เขตพระนคร is not in สมุทรปราการ (11).
        assert_eq!(
            entry(Some("11"), Some("1001"), None).check().unwrap_err().0,
            "district"
        );
        assert_eq!(
            entry(Some("10"), Some("1002"), Some("100101"))
                .check()
                .unwrap_err()
                .0,
            "sub_district"
        );
        let national = DirectoryEntry {
            kind: OrganizationKind::NationalOffice,
            ..entry(None, None, None)
        };
        assert_eq!(national.check(), Ok(()));
        assert_eq!(national.oversight_scope(), Some(OversightScope::National));
        let provincial = DirectoryEntry {
            kind: OrganizationKind::ProvincialOffice,
            ..entry(Some("40"), None, None)
        };
        assert_eq!(
            provincial.oversight_scope(),
            Some(OversightScope::Province("40".into()))
        );
        assert!(provincial.oversight_scope().unwrap().covers("40"));
        assert!(!provincial.oversight_scope().unwrap().covers("10"));
        assert_eq!(entry(Some("40"), None, None).oversight_scope(), None);
    }
}
