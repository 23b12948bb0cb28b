use crate::ui::{Crumb, Layout, Link, Urls};
use askama::Template;
use sujarit_store::Organization;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub organizations: Vec<OrganizationEntry>,
}

/// An organisation on the home page: its plan and its other sections.
pub struct OrganizationEntry {
    pub label: String,
    pub href: String,
    pub search_href: String,
    pub sections: Vec<Link>,
}

pub fn build(organizations: &[Organization], sections: super::super::Sections) -> HomePage {
    let mut links: Vec<OrganizationEntry> = organizations
        .iter()
        .map(|o| {
            let urls = Urls::new(&o.slug);
            OrganizationEntry {
                label: o.name.clone(),
                href: urls.plan(),
                search_href: urls.page("/search"),
                sections: sections(&urls)
                    .into_iter()
                    .filter(|(_, href)| *href != urls.plan())
                    .map(|(label, href)| Link {
                        label: label.to_owned(),
                        href,
                    })
                    .collect(),
            }
        })
        .collect();
    links.sort_by(|a, b| a.label.cmp(&b.label));
    HomePage {
        layout: Layout::new("แผนปฏิบัติการป้องกันการทุจริต", vec![Crumb::here("หน้าแรก")]),
        organizations: links,
    }
}
