//! The NACC template for local administrative organisations' action plans,
//! fiscal years 2566–2570: 4 dimensions and their missions, as built-in data
//! (from the NACC manual "คู่มือการจัดทำแผนปฏิบัติการป้องกันการทุจริตฯ สำหรับ อปท.").

pub struct TemplateDimension {
    pub no: u8,
    pub name: &'static str,
    pub missions: &'static [TemplateMission],
}

pub struct TemplateMission {
    pub code: &'static str,
    pub name: &'static str,
}

pub const FIRST_FISCAL_YEAR: u16 = 2566;
pub const LAST_FISCAL_YEAR: u16 = 2570;

pub const NACC_2566_2570: &[TemplateDimension] = &[
    TemplateDimension {
        no: 1,
        name: "การสร้างวัฒนธรรมสุจริต",
        missions: &[
            TemplateMission {
                code: "1.1",
                name: "การเสริมสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมืองฝ่ายบริหาร ข้าราชการการเมืองฝ่ายสภาท้องถิ่น และฝ่ายประจำขององค์กรปกครองส่วนท้องถิ่น",
            },
            TemplateMission {
                code: "1.2",
                name: "การสร้างจิตสำนึกและความตระหนักแก่ประชาชนทุกภาคส่วนในท้องถิ่น",
            },
            TemplateMission {
                code: "1.3",
                name: "การสร้างจิตสำนึกและความตระหนักแก่เด็กและเยาวชน",
            },
        ],
    },
    TemplateDimension {
        no: 2,
        name: "การบริหารราชการด้วยความโปร่งใส",
        missions: &[
            TemplateMission {
                code: "2.1",
                name: "การเปิดเผยข้อมูลสาธารณะขององค์กรปกครองส่วนท้องถิ่น",
            },
            TemplateMission {
                code: "2.2",
                name: "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            },
            TemplateMission {
                code: "2.3",
                name: "มาตรการลดการใช้ดุลพินิจในการปฏิบัติงาน",
            },
        ],
    },
    TemplateDimension {
        no: 3,
        name: "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน",
        missions: &[
            TemplateMission {
                code: "3.1",
                name: "การส่งเสริมให้ประชาชนมีส่วนร่วมบริหารกิจการขององค์กรปกครองส่วนท้องถิ่น",
            },
            TemplateMission {
                code: "3.2",
                name: "การรับฟังความคิดเห็น การรับและตอบสนองเรื่องร้องเรียน/ร้องทุกข์ของประชาชน",
            },
            TemplateMission {
                code: "3.3",
                name: "ส่งเสริมการมีส่วนร่วมของภาคประชาชน และบูรณาการทุกภาคส่วนเพื่อต่อต้านการทุจริต",
            },
        ],
    },
    TemplateDimension {
        no: 4,
        name: "การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น",
        missions: &[
            TemplateMission {
                code: "4.1",
                name: "การจัดวางระบบตรวจสอบภายใน การควบคุมภายใน และการบริหารความเสี่ยงการทุจริต",
            },
            TemplateMission {
                code: "4.2",
                name: "การส่งเสริมบทบาทการตรวจสอบของสภาท้องถิ่น",
            },
            TemplateMission {
                code: "4.3",
                name: "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
            },
        ],
    },
];

pub fn dimension(no: u8) -> Option<&'static TemplateDimension> {
    NACC_2566_2570.iter().find(|d| d.no == no)
}

pub fn mission(code: &str) -> Option<&'static TemplateMission> {
    NACC_2566_2570
        .iter()
        .flat_map(|d| d.missions.iter())
        .find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn template_has_four_dimensions_of_three_missions() {
        assert_eq!(super::NACC_2566_2570.len(), 4);
        for d in super::NACC_2566_2570 {
            assert_eq!(d.missions.len(), 3);
            for m in d.missions {
                assert!(m.code.starts_with(&format!("{}.", d.no)));
            }
        }
        assert!(super::mission("4.3").is_some());
        assert!(super::mission("5.1").is_none());
    }
}
