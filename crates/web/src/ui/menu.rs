//! The two menus every page shows: an organisation's public site menu and
//! the staff shell (each role's pages, with counts of what is waiting).
//!
//! The kit knows neither menu's entries: the composition root (`lib.rs`)
//! asks every feature for its own and hands them over, the site menu for
//! the request being served (a task-local [`SiteMenu`], read by
//! [`super::Layout::new`]), the staff shell inside [`CurrentStaff`].
//!
//! [`CurrentStaff`]: crate::auth::CurrentStaff

use std::future::Future;

/// A section of an organisation's public site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteLink {
    pub label: &'static str,
    pub href: String,
    /// The page served is in this section (`aria-current="page"`).
    pub current: bool,
}

/// An organisation's public site menu for one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteMenu {
    pub links: Vec<SiteLink>,
    /// The label of the current section, for the phone's closed menu.
    pub current: Option<&'static str>,
}

impl SiteMenu {
    /// The sections `(label, href)` with the one `path` is in marked: the
    /// longest href that is `path` or a folder of it (the plan's `/o/x`
    /// holds its item pages, `/o/x/info` the information centre's).
    pub fn new(sections: Vec<(&'static str, String)>, path: &str) -> SiteMenu {
        let within = |href: &str| {
            path == href
                || path
                    .strip_prefix(href)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        let best = sections
            .iter()
            .enumerate()
            .filter(|(_, (_, href))| within(href))
            .max_by_key(|(_, (_, href))| href.len())
            .map(|(i, _)| i);
        let links: Vec<SiteLink> = sections
            .into_iter()
            .enumerate()
            .map(|(i, (label, href))| SiteLink {
                label,
                href,
                current: Some(i) == best,
            })
            .collect();
        let current = best.map(|i| links[i].label);
        SiteMenu { links, current }
    }
}

tokio::task_local! {
    static SITE_MENU: SiteMenu;
}

/// Runs `work` (a request to an organisation's public page) with `menu` as
/// the site menu its layout shows.
pub(crate) async fn with_site_menu<F: Future>(menu: SiteMenu, work: F) -> F::Output {
    SITE_MENU.scope(menu, work).await
}

/// The site menu of the request being served, if it has one.
pub(crate) fn site_menu() -> Option<SiteMenu> {
    SITE_MENU.try_with(Clone::clone).ok()
}

/// How many things wait behind a staff menu entry ("3 due this quarter").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuCount {
    /// The entry's `href`, as its feature's `staff_links` writes it.
    pub href: &'static str,
    pub count: u64,
    /// What is counted, in Thai: "ถึงกำหนดไตรมาสนี้", "รอตรวจ", …
    pub what: &'static str,
    /// Late or overdue: shown as a warning.
    pub urgent: bool,
}

/// One entry of the staff shell: a page the role may open and what waits there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellLink {
    pub label: &'static str,
    pub href: &'static str,
    pub description: &'static str,
    /// Only the counts that are not zero.
    pub counts: Vec<MenuCount>,
}

impl ShellLink {
    /// The entries with their non-zero counts attached, in the entries' order.
    pub fn assemble(links: Vec<super::StaffLink>, counts: &[MenuCount]) -> Vec<ShellLink> {
        links
            .into_iter()
            .map(|l| ShellLink {
                label: l.label,
                href: l.href,
                description: l.description,
                counts: counts
                    .iter()
                    .filter(|c| c.href == l.href && c.count > 0)
                    .cloned()
                    .collect(),
            })
            .collect()
    }

    /// "ถึงกำหนดไตรมาสนี้ 3 · รอตรวจ 2", for a screen reader's label.
    pub fn counts_text(&self) -> String {
        self.counts
            .iter()
            .map(|c| format!("{} {}", c.what, c.count))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// A feature's counts for one staff member: computed per request, never
/// shared between users.
pub(crate) type CountsFuture<'a> =
    std::pin::Pin<Box<dyn Future<Output = Result<Vec<MenuCount>, crate::WebError>> + Send + 'a>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn sections() -> Vec<(&'static str, String)> {
        vec![
            ("แผน", "/o/demo".into()),
            ("ผลการดำเนินงาน", "/o/demo/progress".into()),
            ("ศูนย์ข้อมูลข่าวสาร", "/o/demo/info".into()),
        ]
    }

    fn current(path: &str) -> Option<&'static str> {
        SiteMenu::new(sections(), path).current
    }

    #[test]
    fn the_longest_section_holding_the_page_is_current() {
        assert_eq!(current("/o/demo"), Some("แผน"));
        assert_eq!(current("/o/demo/items/2.1"), Some("แผน"));
        assert_eq!(current("/o/demo/progress"), Some("ผลการดำเนินงาน"));
        assert_eq!(
            current("/o/demo/info/2568/O1/once/file"),
            Some("ศูนย์ข้อมูลข่าวสาร")
        );
        assert_eq!(current("/o/demo/information"), Some("แผน"));
        assert_eq!(current("/o/other"), None);
        let menu = SiteMenu::new(sections(), "/o/demo/progress");
        assert_eq!(menu.links.iter().filter(|l| l.current).count(), 1);
    }

    #[test]
    fn only_counts_above_zero_are_attached_to_their_entry() {
        let links = vec![
            crate::ui::StaffLink {
                label: "ก",
                href: "/staff/a",
                description: "",
            },
            crate::ui::StaffLink {
                label: "ข",
                href: "/staff/b",
                description: "",
            },
        ];
        let counts = [
            MenuCount {
                href: "/staff/a",
                count: 2,
                what: "รอตรวจ",
                urgent: false,
            },
            MenuCount {
                href: "/staff/b",
                count: 0,
                what: "เกินกำหนด",
                urgent: true,
            },
        ];
        let shell = ShellLink::assemble(links, &counts);
        assert_eq!(shell[0].counts_text(), "รอตรวจ 2");
        assert!(shell[1].counts.is_empty());
    }
}
