use crate::ui::{Crumb, Layout, Link, Urls};
use askama::Template;
use sujarit_store::Organization;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub organizations: Vec<OrganizationEntry>,
    /// Set when the installation has too many organisations to list
    /// ([`LIST_AT_MOST`]): the page is a search by name instead.
    pub search: Option<OrganizationSearch>,
}

/// Above this many organisations the home page and the login page stop
/// listing them all.
pub const LIST_AT_MOST: u64 = 30;

/// At most this many matches of a search are shown.
pub const MATCHES_AT_MOST: u32 = 50;

/// The home page of a large installation: a search by name.
pub struct OrganizationSearch {
    /// How many organisations the installation has.
    pub total: u64,
    /// The text searched for, "" before any search.
    pub query: String,
    /// Whether a search was made (`organizations` are its matches).
    pub searched: bool,
    /// The matches reached [`MATCHES_AT_MOST`]: there may be more.
    pub truncated: bool,
}

/// An organisation on the home page: its plan and its other sections.
pub struct OrganizationEntry {
    pub label: String,
    pub href: String,
    pub search_href: String,
    pub sections: Vec<Link>,
}

pub fn build(organizations: &[Organization], sections: super::super::Sections) -> HomePage {
    HomePage {
        layout: Layout::new("แผนปฏิบัติการป้องกันการทุจริต", vec![Crumb::here("หน้าแรก")]),
        organizations: entries(organizations, sections),
        search: None,
    }
}

/// The home page of an installation of more than [`LIST_AT_MOST`]
/// organisations: the search form, and the matches of `query` if one was
/// made.
pub fn build_search(
    total: u64,
    query: &str,
    matches: Option<&[Organization]>,
    sections: super::super::Sections,
) -> HomePage {
    HomePage {
        layout: Layout::new("แผนปฏิบัติการป้องกันการทุจริต", vec![Crumb::here("หน้าแรก")]),
        organizations: matches.map_or_else(Vec::new, |found| entries(found, sections)),
        search: Some(OrganizationSearch {
            total,
            query: query.to_owned(),
            searched: matches.is_some(),
            truncated: matches.is_some_and(|found| found.len() >= MATCHES_AT_MOST as usize),
        }),
    }
}

fn entries(
    organizations: &[Organization],
    sections: super::super::Sections,
) -> Vec<OrganizationEntry> {
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
    links
}
