//! Thailand's regions, provinces, districts and sub-districts, from the
//! shipped files in `crates/core/data/thai-admin-areas/` (MIT, from
//! kongvut/thai-province-data; its LICENSE is kept beside them), compiled
//! into the binary and read once.
//!
//! Codes are the official ones: a province's two digits (10 Bangkok), a
//! district's four and a sub-district's six. The files number provinces
//! 1–77 in their own order, so a province's code is read off its districts'
//! ids, whose first two digits are it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const REGIONS: &str = include_str!("../../data/thai-admin-areas/geographies.csv");
const PROVINCES: &str = include_str!("../../data/thai-admin-areas/provinces.csv");
const DISTRICTS: &str = include_str!("../../data/thai-admin-areas/districts.csv");
const SUB_DISTRICTS: &str = include_str!("../../data/thai-admin-areas/sub_districts.csv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub id: u8,
    pub name_th: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Province {
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub region_id: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct District {
    pub code: String,
    pub province_code: String,
    pub name_th: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubDistrict {
    pub code: String,
    pub district_code: String,
    pub name_th: String,
    pub name_en: String,
    pub zip_code: String,
}

/// Every area, by code.
#[derive(Debug)]
pub struct Areas {
    pub regions: Vec<Region>,
    pub provinces: BTreeMap<String, Province>,
    pub districts: BTreeMap<String, District>,
    pub sub_districts: BTreeMap<String, SubDistrict>,
}

/// The shipped areas, parsed on first use.
pub fn areas() -> &'static Areas {
    static AREAS: OnceLock<Areas> = OnceLock::new();
    AREAS.get_or_init(|| parse().expect("the shipped area files parse"))
}

impl Areas {
    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.get(code.trim())
    }

    pub fn district(&self, code: &str) -> Option<&District> {
        self.districts.get(code.trim())
    }

    pub fn sub_district(&self, code: &str) -> Option<&SubDistrict> {
        self.sub_districts.get(code.trim())
    }

    pub fn region(&self, id: u8) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// A province by its code, its Thai name (with or without "จังหวัด")
    /// or its English name.
    pub fn find_province(&self, text: &str) -> Option<&Province> {
        let text = text.trim();
        let bare = text.strip_prefix("จังหวัด").unwrap_or(text).trim();
        self.province(text).or_else(|| {
            self.provinces
                .values()
                .find(|p| p.name_th == bare || p.name_en.eq_ignore_ascii_case(bare))
        })
    }

    /// A district of `province_code` by its code or its Thai name (with or
    /// without อำเภอ/เขต).
    pub fn find_district(&self, province_code: &str, text: &str) -> Option<&District> {
        let text = text.trim();
        if let Some(d) = self.district(text) {
            return Some(d);
        }
        let bare = strip_any(text, &["อำเภอ", "เขต"]);
        self.districts.values().find(|d| {
            d.province_code == province_code
                && (strip_any(&d.name_th, &["เขต"]) == bare || d.name_th == text)
        })
    }

    /// A sub-district of `district_code` by its code or its Thai name
    /// (with or without ตำบล/แขวง).
    pub fn find_sub_district(&self, district_code: &str, text: &str) -> Option<&SubDistrict> {
        let text = text.trim();
        if let Some(s) = self.sub_district(text) {
            return Some(s);
        }
        let bare = strip_any(text, &["ตำบล", "แขวง"]);
        self.sub_districts
            .values()
            .find(|s| s.district_code == district_code && s.name_th == bare)
    }

    /// The districts of a province, by code.
    pub fn districts_of<'a>(
        &'a self,
        province_code: &'a str,
    ) -> impl Iterator<Item = &'a District> {
        self.districts
            .values()
            .filter(move |d| d.province_code == province_code)
    }

    /// The sub-districts of a district, by code.
    pub fn sub_districts_of<'a>(
        &'a self,
        district_code: &'a str,
    ) -> impl Iterator<Item = &'a SubDistrict> {
        self.sub_districts
            .values()
            .filter(move |s| s.district_code == district_code)
    }
}

fn strip_any<'a>(text: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text)
        .trim()
}

fn rows(text: &'static str) -> impl Iterator<Item = csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .filter_map(Result::ok)
}

/// Whether a row's `deleted_at` (its last column) is set.
fn deleted(row: &csv::StringRecord, column: usize) -> bool {
    row.get(column).is_some_and(|v| !v.trim().is_empty())
}

fn parse() -> Result<Areas, String> {
    let regions = rows(REGIONS)
        .map(|r| {
            Ok(Region {
                id: r[0].parse().map_err(|_| format!("region id {}", &r[0]))?,
                name_th: r[1].to_string(),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    // The files' own province ids → (name_th, name_en, region).
    let mut by_file_id: BTreeMap<u32, (String, String, u8)> = BTreeMap::new();
    for r in rows(PROVINCES).filter(|r| !deleted(r, 6)) {
        let id: u32 = r[0].parse().map_err(|_| format!("province id {}", &r[0]))?;
        let region: u8 = r[3].parse().map_err(|_| format!("region of {}", &r[1]))?;
        by_file_id.insert(id, (r[1].to_string(), r[2].to_string(), region));
    }
    let mut provinces = BTreeMap::new();
    let mut districts = BTreeMap::new();
    for r in rows(DISTRICTS).filter(|r| !deleted(r, 6)) {
        let code = r[0].trim().to_string();
        let file_province: u32 = r[3].parse().map_err(|_| format!("province of {code}"))?;
        let Some((name_th, name_en, region)) = by_file_id.get(&file_province) else {
            continue;
        };
        let province_code = code.get(..2).ok_or(format!("district {code}"))?.to_string();
        provinces
            .entry(province_code.clone())
            .or_insert_with(|| Province {
                code: province_code.clone(),
                name_th: name_th.clone(),
                name_en: name_en.clone(),
                region_id: *region,
            });
        districts.insert(
            code.clone(),
            District {
                code,
                province_code,
                name_th: r[1].trim().to_string(),
                name_en: r[2].trim().to_string(),
            },
        );
    }
    let mut sub_districts = BTreeMap::new();
    for r in rows(SUB_DISTRICTS).filter(|r| !deleted(r, 9)) {
        let code = r[0].trim().to_string();
        let district_code = r[4].trim().to_string();
        if !districts.contains_key(&district_code) {
            continue;
        }
        sub_districts.insert(
            code.clone(),
            SubDistrict {
                code,
                district_code,
                name_th: r[2].trim().to_string(),
                name_en: r[3].trim().to_string(),
                zip_code: r[1].trim().to_string(),
            },
        );
    }
    Ok(Areas {
        regions,
        provinces,
        districts,
        sub_districts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_areas_give_every_province_its_official_code() {
        let a = areas();
        assert_eq!(a.regions.len(), 6);
        assert_eq!(a.provinces.len(), 77);
        assert!(a.districts.len() > 900, "{}", a.districts.len());
        assert!(a.sub_districts.len() > 7000, "{}", a.sub_districts.len());
        assert_eq!(a.province("10").unwrap().name_th, "กรุงเทพมหานคร");
        assert_eq!(a.province("40").unwrap().name_th, "ขอนแก่น");
        assert_eq!(a.province("50").unwrap().name_th, "เชียงใหม่");
        assert_eq!(a.find_province("จังหวัดขอนแก่น").unwrap().code, "40");
        assert_eq!(a.find_province("Khon Kaen").unwrap().code, "40");
        assert!(a.find_province("แอตแลนติส").is_none());
        // Every district sits in a known province, every sub-district in a known district.
        assert!(
            a.districts
                .values()
                .all(|d| a.provinces.contains_key(&d.province_code))
        );
        assert!(
            a.sub_districts
                .values()
                .all(|s| a.districts.contains_key(&s.district_code))
        );
        let muang = a.find_district("40", "อำเภอเมืองขอนแก่น").unwrap();
        assert_eq!(muang.code, "4001");
        assert!(a.districts_of("40").count() > 20);
        assert!(a.find_sub_district(&muang.code, "ในเมือง").is_some());
    }
}
