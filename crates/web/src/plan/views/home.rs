use crate::ui::{Crumb, Layout, Link, Urls};
use askama::Template;
use sujarit_store::Organization;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub organizations: Vec<Link>,
}

pub fn build(organizations: &[Organization]) -> HomePage {
    let mut links: Vec<Link> = organizations
        .iter()
        .map(|o| Link {
            label: o.name.clone(),
            href: Urls::new(&o.slug).plan(),
        })
        .collect();
    links.sort_by(|a, b| a.label.cmp(&b.label));
    HomePage {
        layout: Layout::new("แผนปฏิบัติการป้องกันการทุจริต", vec![Crumb::here("หน้าแรก")]),
        organizations: links,
    }
}
