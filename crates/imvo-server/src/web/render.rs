//! The page templates (askama, compiled in from `templates/`) and the view structs they draw.
//! View structs hold ready-to-print strings: the pages decide what to show, the templates only
//! lay it out.

use askama::Template;

use super::Ui;

/// Renders a template; a failure (a bug: templates are checked at build time) is logged and
/// answered with a plain sentence rather than a panic.
pub fn html(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "a page template failed to render");
        "<!doctype html><title>imvo</title><p>The page could not be drawn; the cause is in the server log.</p>"
            .to_string()
    })
}

/// A link with its text.
#[derive(Debug, Clone)]
pub struct Link {
    /// The text.
    pub text: String,
    /// The address.
    pub href: String,
}

/// One phase with its number of trajectories, for the bar of counts.
#[derive(Debug, Clone)]
pub struct PhaseCount {
    /// The phase's name.
    pub label: String,
    /// The CSS class of its colour (`ph-exploring` …).
    pub class: String,
    /// How many trajectories are in it.
    pub count: usize,
}

/// A trajectory row of the overview.
#[derive(Debug, Clone)]
pub struct TrajectoryRow {
    /// Name and link.
    pub link: Link,
    /// Its sectors.
    pub sectors: Vec<Link>,
    /// Since when it is in its phase.
    pub since: String,
    /// Its covenants (names).
    pub covenants: Vec<String>,
}

/// The trajectories of one phase.
#[derive(Debug, Clone)]
pub struct PhaseGroup {
    /// The phase's name.
    pub label: String,
    /// Its colour class.
    pub class: String,
    /// The trajectories.
    pub rows: Vec<TrajectoryRow>,
}

/// An event on a timeline.
#[derive(Debug, Clone)]
pub struct TimelineItem {
    /// The date in words.
    pub date: String,
    /// The date as `YYYY-MM-DD` (for `<time datetime>`).
    pub iso: String,
    /// What kind of event.
    pub kind: String,
    /// What happened.
    pub text: String,
    /// The trajectories it belongs to.
    pub trajectories: Vec<Link>,
    /// Announced for later.
    pub planned: bool,
    /// The source.
    pub source: String,
}

/// The target in a few numbers.
#[derive(Debug, Clone)]
pub struct TargetSummary {
    /// The target as worded.
    pub description: String,
    /// Covenants that count now.
    pub signed: u32,
    /// Covenants required.
    pub required: u32,
    /// The deadline in words.
    pub deadline: String,
    /// Expected count at the deadline.
    pub expected: String,
    /// Probability of meeting it.
    pub probability: String,
    /// Met already.
    pub met: bool,
    /// The deadline has passed.
    pub passed: bool,
}

/// The portfolio page.
#[derive(Template)]
#[template(path = "portfolio.html")]
pub struct PortfolioPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// Trajectories in total.
    pub total: usize,
    /// Counts per phase.
    pub counts: Vec<PhaseCount>,
    /// Groups by phase.
    pub groups: Vec<PhaseGroup>,
    /// The most recent events.
    pub recent: Vec<TimelineItem>,
    /// Older events (folded away).
    pub older: Vec<TimelineItem>,
    /// The target, when there is one.
    pub target: Option<TargetSummary>,
    /// Covenants in force.
    pub covenants: usize,
    /// A notice (e.g. "recorded").
    pub notice: Option<String>,
}

/// A sector row of the sector list.
#[derive(Debug, Clone)]
pub struct SectorRow {
    /// Name and link.
    pub link: Link,
    /// Its SRA chapter.
    pub chapter: String,
    /// Elevated risk according to the SRA.
    pub elevated: bool,
    /// Its trajectories with their phase.
    pub trajectories: Vec<(Link, String, String)>,
}

/// The sector list.
#[derive(Template)]
#[template(path = "sectors.html")]
pub struct SectorsPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The sectors.
    pub rows: Vec<SectorRow>,
}

/// One row of a trajectory table: link, phase (label, class), since.
#[derive(Debug, Clone)]
pub struct PhaseRow {
    /// Name and link.
    pub link: Link,
    /// Phase name.
    pub phase: String,
    /// Phase colour class.
    pub class: String,
    /// Since when.
    pub since: String,
}

/// A sector page.
#[derive(Template)]
#[template(path = "sector.html")]
pub struct SectorPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title (the sector's name).
    pub title: String,
    /// Its SRA chapter.
    pub chapter: String,
    /// Elevated risk.
    pub elevated: bool,
    /// Its trajectories.
    pub trajectories: Vec<PhaseRow>,
    /// The covenants of those trajectories.
    pub covenants: Vec<CovenantView>,
    /// Their events.
    pub events: Vec<TimelineItem>,
}

/// An organisation and its roles in a trajectory.
#[derive(Debug, Clone)]
pub struct OrgRow {
    /// Its name.
    pub name: String,
    /// What kind of body.
    pub kind: String,
    /// Its roles.
    pub roles: String,
}

/// A step of the phase history.
#[derive(Debug, Clone)]
pub struct SpellRow {
    /// Phase name.
    pub phase: String,
    /// Colour class.
    pub class: String,
    /// Since when.
    pub since: String,
    /// The note.
    pub note: String,
    /// The source.
    pub source: String,
}

/// A SMART agreement with its progress.
#[derive(Debug, Clone)]
pub struct AgreementView {
    /// Its id.
    pub id: String,
    /// The specific result.
    pub result: String,
    /// Indicator and unit.
    pub indicator: String,
    /// Baseline (value, date).
    pub baseline: String,
    /// Target (value, date).
    pub target: String,
    /// The owner.
    pub owner: String,
    /// Risks addressed.
    pub risks: String,
    /// The latest measurement, in words.
    pub latest: String,
    /// Progress as a percentage (0–100, clamped) and the expected share.
    pub bar: Option<(f64, f64)>,
    /// Progress in words.
    pub progress: String,
    /// Status label and class (`achieved`, `on`, `off`, `none`).
    pub status: (String, String),
}

/// A covenant with its agreements.
#[derive(Debug, Clone)]
pub struct CovenantView {
    /// Its name.
    pub name: String,
    /// When signed.
    pub signed: String,
    /// Its parties in words.
    pub parties: String,
    /// Its duration.
    pub duration: String,
    /// Its governance.
    pub governance: String,
    /// Its complaints mechanism.
    pub complaints: String,
    /// When it ended, if it did.
    pub ended: String,
    /// What it is about.
    pub description: String,
    /// Its agreements.
    pub agreements: Vec<AgreementView>,
}

/// A trajectory page.
#[derive(Template)]
#[template(path = "trajectory.html")]
pub struct TrajectoryPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title (the trajectory's name).
    pub title: String,
    /// Its id.
    pub id: String,
    /// Current phase (label, class).
    pub phase: (String, String),
    /// Since when.
    pub since: String,
    /// Its sectors.
    pub sectors: Vec<Link>,
    /// Phase history, oldest first.
    pub spells: Vec<SpellRow>,
    /// Organisations and roles.
    pub organisations: Vec<OrgRow>,
    /// Initiatives it builds on.
    pub initiatives: Vec<(String, String)>,
    /// Its events, newest first.
    pub events: Vec<TimelineItem>,
    /// Its covenants.
    pub covenants: Vec<CovenantView>,
    /// A notice (e.g. "recorded").
    pub notice: Option<String>,
}

/// The target page.
#[derive(Template)]
#[template(path = "target.html")]
pub struct TargetPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The summary, or why there is none.
    pub summary: Result<TargetSummary, String>,
    /// The chart (inline SVG).
    pub chart: String,
    /// The covenants that count: name, date.
    pub counted: Vec<(String, String)>,
    /// Per trajectory: link, phase, probability.
    pub chances: Vec<(Link, String, String)>,
    /// How the forecast was made.
    pub method: String,
    /// The 10th, 50th and 90th percentile.
    pub percentiles: String,
}

/// The letter page.
#[derive(Template)]
#[template(path = "letter.html")]
pub struct LetterPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The letter's language code.
    pub letter_lang: String,
    /// "Changes since" date, as typed.
    pub since: String,
    /// Download links: (label, href).
    pub downloads: Vec<(String, String)>,
    /// The letter as HTML (already escaped), or why there is none.
    pub body: Result<String, String>,
}

/// One option of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name sent.
    pub name: String,
    /// The label.
    pub label: String,
    /// A hint under the field.
    pub hint: String,
    /// `text`, `date`, `number`, `textarea`, `select`, `multi`, `checkbox`.
    pub kind: &'static str,
    /// The value (as typed, or `on` for a checked box).
    pub value: String,
    /// Options of a select.
    pub choices: Vec<Choice>,
    /// Required.
    pub required: bool,
    /// The error beside the field.
    pub error: Option<String>,
}

/// A group of fields under a legend.
#[derive(Debug, Clone)]
pub struct Fieldset {
    /// The legend.
    pub legend: String,
    /// The fields.
    pub fields: Vec<Field>,
}

/// Every field error of a form's fieldsets, for the summary above the form: (field name,
/// label, message).
pub fn error_summary(sets: &[Fieldset]) -> Vec<(String, String, String)> {
    sets.iter()
        .flat_map(|fs| fs.fields.iter())
        .filter_map(|f| {
            f.error
                .as_ref()
                .map(|e| (f.name.clone(), f.label.clone(), e.clone()))
        })
        .collect()
}

/// A form page.
#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// What the form does.
    pub intro: String,
    /// Where it posts.
    pub action: String,
    /// The fields.
    pub fieldsets: Vec<Fieldset>,
    /// An error about the whole form.
    pub error: Option<String>,
    /// Every field error, for the summary above the form: (field name, label, message).
    pub summary: Vec<(String, String, String)>,
    /// The submit button's text.
    pub submit: String,
}

/// The login page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// The double-submit CSRF token.
    pub csrf: String,
    /// The username typed.
    pub username: String,
    /// The local page to return to after logging in.
    pub next: String,
    /// Why the login failed.
    pub error: Option<String>,
}

/// An error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    /// Page context.
    pub ui: &'a Ui,
    /// Page title.
    pub title: String,
    /// What is wrong and what to do.
    pub message: String,
    /// The field or parameter at fault.
    pub field: Option<String>,
    /// The HTTP status.
    pub status: u16,
}
