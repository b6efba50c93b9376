//! The phrasing of the progress letter, Dutch and English side by side. Only wording lives
//! here; every fact (names, dates, phases, counts) is passed in from the data. The English is
//! written as English, not translated word for word: the Dutch letter speaks of "uw Kamer"
//! and "IMVO-convenanten", the English one of "the House" and "IRBC covenants".
//!
//! Over 600 lines on purpose: it is a phrase book, one short function per sentence in both
//! languages, read by looking a phrase up, not top to bottom.

use imvo_domain::{GovernmentActivityKind, Phase, StakeholderActivityKind};

use crate::lang::Lang;

/// Small numbers as words, as a letter writes them ("dertien sectoren"); larger as digits.
pub fn count_word(l: Lang, n: usize) -> String {
    const NL: [&str; 21] = [
        "nul",
        "één",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
        "twintig",
    ];
    const EN: [&str; 21] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    match l {
        Lang::Nl => NL.get(n).map_or_else(|| n.to_string(), |s| (*s).to_owned()),
        Lang::En => EN.get(n).map_or_else(|| n.to_string(), |s| (*s).to_owned()),
    }
}

/// Capitalises the first letter (for a count word that starts a sentence).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A sector name as it reads inside a sentence: "Bouw" → "bouw", but "IT" or "LTO" stay.
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(f), Some(s)) if f.is_uppercase() && s.is_lowercase() => {
            f.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_owned(),
    }
}

pub fn title(l: Lang) -> &'static str {
    l.pick(
        "Voortgang IMVO-convenanten",
        "Progress on the IRBC covenants",
    )
}

pub fn subtitle(l: Lang, as_of: &str) -> String {
    match l {
        Lang::Nl => format!("Brief aan de Tweede Kamer – stand van zaken per {as_of}"),
        Lang::En => format!("Letter to the House of Representatives – position as of {as_of}"),
    }
}

pub fn meta_date(l: Lang) -> &'static str {
    l.pick("Datum", "Date")
}

pub fn meta_subject(l: Lang) -> &'static str {
    l.pick("Betreft", "Subject")
}

pub fn subject(l: Lang) -> &'static str {
    l.pick(
        "Voortgang van de trajecten naar IMVO-convenanten",
        "Progress of the sectors towards IRBC covenants",
    )
}

pub fn meta_basis(l: Lang) -> &'static str {
    l.pick("Grondslag", "Basis")
}

pub fn basis(l: Lang, records: usize, sources: usize) -> String {
    let src = match (l, sources) {
        (Lang::Nl, 1) => "één bron".to_owned(),
        (Lang::Nl, n) => format!("{n} bronnen"),
        (Lang::En, 1) => "one source".to_owned(),
        (Lang::En, n) => format!("{n} sources"),
    };
    match l {
        Lang::Nl => format!(
            "{records} vastgelegde feiten uit {src} (imvo); elk feit in deze brief is herleidbaar tot zijn bron"
        ),
        Lang::En => format!(
            "{records} recorded facts from {src} (imvo); every fact in this letter can be traced to its source"
        ),
    }
}

pub fn h_intro(l: Lang) -> &'static str {
    l.pick("1. Inleiding", "1. Introduction")
}
pub fn h_progress(l: Lang) -> &'static str {
    l.pick("2. Voortgang", "2. Progress")
}
pub fn h_government(l: Lang) -> &'static str {
    l.pick("3. Rol van de overheid", "3. The role of government")
}
pub fn h_stakeholders(l: Lang) -> &'static str {
    l.pick(
        "4. Betrokkenheid van stakeholders",
        "4. Stakeholder involvement",
    )
}
pub fn h_conclusion(l: Lang) -> &'static str {
    l.pick("5. Tot slot", "5. Conclusion")
}
pub fn h_changes(l: Lang, since: &str) -> String {
    match l {
        Lang::Nl => format!("6. Wijzigingen sinds {since}"),
        Lang::En => format!("6. Changes since {since}"),
    }
}

/// The SRA sentence of the introduction.
pub fn intro_sra(l: Lang, count: usize, sectors: &str) -> String {
    let n = count_word(l, count);
    match l {
        Lang::Nl => format!(
            "In opdracht van het kabinet is onderzoek gedaan naar IMVO-risico’s in sectoren van de Nederlandse economie. Deze IMVO Sector Risico Analyse (SRA) moest inzicht geven in de bedrijfssectoren met een verhoogd MVO-risicoprofiel, per sector de belangrijkste risico’s benoemen en zichtbaar maken in welke mate sectoren al invulling geven aan hun verantwoordelijkheid om die risico’s weg te nemen. Er zijn {n} sectoren met verhoogde risico’s geïdentificeerd: {sectors}."
        ),
        Lang::En => format!(
            "At the government’s request, a study was made of the risks of international responsible business conduct (IRBC) in the sectors of the Dutch economy. This IRBC Sector Risk Analysis (SRA) set out to show which sectors have an elevated CSR risk profile, to name the main risks of each, and to show how far each sector already acts on its responsibility to remove them. It identified {n} sectors with elevated risks: {sectors}."
        ),
    }
}

pub fn intro_milestones(l: Lang) -> &'static str {
    l.pick(
        "De belangrijkste stappen in het proces tot nu toe:",
        "The main steps in the process so far:",
    )
}

/// The sentence summarising where the trajectories stand.
pub fn intro_overview(l: Lang, total: usize, parts: &[String], covenants: usize) -> String {
    let list = l.join_list(parts);
    let n = count_word(l, total);
    let c = count_word(l, covenants);
    match l {
        Lang::Nl => {
            let cov = match covenants {
                0 => "Er is nog geen IMVO-convenant gesloten.".to_owned(),
                1 => "Er is één convenant gesloten.".to_owned(),
                _ => format!("Er zijn {c} convenanten gesloten."),
            };
            format!(
                "Er lopen {n} trajecten naar een convenant. Daarvan {} {list}. {cov}",
                if parts.len() == 1 { "is" } else { "zijn er" }
            )
        }
        Lang::En => {
            let cov = match covenants {
                0 => "No IRBC covenant has been signed yet.".to_owned(),
                1 => "One covenant has been signed.".to_owned(),
                _ => format!("{} covenants have been signed.", capitalise(&c)),
            };
            format!("There are {n} trajectories towards a covenant: {list}. {cov}")
        }
    }
}

/// "drie in onderhandeling" / "three negotiating": one part of the overview sentence.
pub fn overview_part(l: Lang, phase: Option<Phase>, n: usize) -> String {
    let c = count_word(l, n);
    let what = match (phase, l) {
        (Some(Phase::NoInitiative), Lang::Nl) => "nog zonder initiatief",
        (Some(Phase::NoInitiative), Lang::En) => "with no initiative yet",
        (Some(Phase::Exploring), Lang::Nl) => "in een verkennende fase",
        (Some(Phase::Exploring), Lang::En) => "exploring",
        (Some(Phase::Dialogue), Lang::Nl) => "in een multi-stakeholderdialoog",
        (Some(Phase::Dialogue), Lang::En) => "in a multi-stakeholder dialogue",
        (Some(Phase::Negotiating), Lang::Nl) => "in onderhandeling",
        (Some(Phase::Negotiating), Lang::En) => "negotiating",
        (Some(Phase::Signed), Lang::Nl) => "met een getekend convenant",
        (Some(Phase::Signed), Lang::En) => "with a signed covenant",
        (Some(Phase::Implementing), Lang::Nl) => "in uitvoering",
        (Some(Phase::Implementing), Lang::En) => "implementing a covenant",
        (Some(Phase::Ended), Lang::Nl) => "afgerond",
        (Some(Phase::Ended), Lang::En) => "ended",
        (None, Lang::Nl) => "zonder gemelde fase",
        (None, Lang::En) => "with no phase reported",
    };
    format!("{c} {what}")
}

pub fn progress_intro(l: Lang) -> &'static str {
    l.pick(
        "Hieronder volgt per traject een toelichting op de ontwikkelingen, gegroepeerd naar de fase waarin het traject zich bevindt. Bij elk traject staan de betrokken organisaties met hun rol, de gebeurtenissen met hun datum en de bestaande initiatieven waarop het voortbouwt.",
        "Below, the developments in each trajectory are set out, grouped by the phase it has reached. For each trajectory we list the organisations involved and their roles, the events and their dates, and the existing initiatives it builds on.",
    )
}

/// The heading of a phase group.
pub fn group_heading(l: Lang, phase: Option<Phase>, leaders: bool) -> String {
    let s = match (phase, l) {
        (Some(Phase::Ended), Lang::Nl) => "Afgeronde trajecten",
        (Some(Phase::Ended), Lang::En) => "Completed trajectories",
        (Some(Phase::Implementing), Lang::Nl) => "Convenanten in uitvoering",
        (Some(Phase::Implementing), Lang::En) => "Covenants being implemented",
        (Some(Phase::Signed), Lang::Nl) => "Getekende convenanten",
        (Some(Phase::Signed), Lang::En) => "Covenants signed",
        (Some(Phase::Negotiating), Lang::Nl) if leaders => "Koplopers: in onderhandeling",
        (Some(Phase::Negotiating), Lang::En) if leaders => "The front runners: negotiating",
        (Some(Phase::Negotiating), Lang::Nl) => "In onderhandeling",
        (Some(Phase::Negotiating), Lang::En) => "Negotiating",
        (Some(Phase::Dialogue), Lang::Nl) => "Multi-stakeholderdialoog",
        (Some(Phase::Dialogue), Lang::En) => "Multi-stakeholder dialogue",
        (Some(Phase::Exploring), Lang::Nl) => "Verkennende fase",
        (Some(Phase::Exploring), Lang::En) => "Exploring",
        (Some(Phase::NoInitiative), Lang::Nl) => "Nog geen initiatief",
        (Some(Phase::NoInitiative), Lang::En) => "No initiative yet",
        (None, Lang::Nl) => "Zonder gemelde fase",
        (None, Lang::En) => "No phase reported",
    };
    s.to_owned()
}

pub fn group_heading_other(l: Lang) -> &'static str {
    l.pick(
        "Andere sectoren die aansluiten",
        "Other sectors joining the process",
    )
}

/// The sentence that opens a phase group, as the seed letter opens each of its lists.
pub fn group_intro(l: Lang, phase: Option<Phase>, names: &[String], leaders: bool) -> String {
    let n = names.len();
    let c = count_word(l, n);
    let list = l.join_list(names);
    match (phase, l) {
        (Some(Phase::Negotiating), Lang::Nl) if leaders => format!(
            "{} {} de koplopers in het convenantentraject. {} als eerste rond de tafel gaan zitten om een convenant te sluiten:",
            capitalise(&list),
            if n == 1 { "is" } else { "zijn" },
            if n == 1 {
                "Dit traject is".to_owned()
            } else {
                format!("Deze {c} trajecten zijn")
            }
        ),
        (Some(Phase::Negotiating), Lang::En) if leaders => format!(
            "{} {} the front runners of the covenant process: {} the first to sit down at the table to negotiate a covenant:",
            capitalise(&list),
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it was" } else { "they were" }
        ),
        (Some(Phase::Negotiating), Lang::Nl) => {
            format!(
                "In {c} {} wordt onderhandeld over een convenant:",
                trajecten(n)
            )
        }
        (Some(Phase::Negotiating), Lang::En) => {
            format!("In {c} {} a covenant is being negotiated:", trajectories(n))
        }
        (Some(Phase::Dialogue), Lang::Nl) => format!(
            "{} {} een multi-stakeholderdialoog opgezet en {} hoe bestaande duurzaamheidsafspraken een vervolg kunnen krijgen in een convenant, of welke stappen nodig zijn om tot een convenant te komen:",
            capitalise(&c),
            if n == 1 {
                "traject heeft"
            } else {
                "trajecten hebben"
            },
            if n == 1 { "onderzoekt" } else { "onderzoeken" }
        ),
        (Some(Phase::Dialogue), Lang::En) => format!(
            "{} {} set up a multi-stakeholder dialogue and {} looking at how existing sustainability agreements could be carried forward in a covenant, or what it would take to reach one:",
            capitalise(&c),
            if n == 1 {
                "trajectory has"
            } else {
                "trajectories have"
            },
            if n == 1 { "is" } else { "are" }
        ),
        (Some(Phase::Exploring), Lang::Nl) => format!(
            "{} {} nog in een verkennende fase:",
            capitalise(&c),
            if n == 1 {
                "traject is"
            } else {
                "trajecten zijn"
            }
        ),
        (Some(Phase::Exploring), Lang::En) => format!(
            "{} {} still at the exploratory stage:",
            capitalise(&c),
            if n == 1 {
                "trajectory is"
            } else {
                "trajectories are"
            }
        ),
        (Some(Phase::NoInitiative), Lang::Nl) => format!(
            "{} {} op dit moment nog geen initiatief genomen tot verdere verkenning:",
            capitalise(&c),
            if n == 1 {
                "sector heeft"
            } else {
                "sectoren hebben"
            }
        ),
        (Some(Phase::NoInitiative), Lang::En) => format!(
            "{} {} not yet taken any initiative to explore further:",
            capitalise(&c),
            if n == 1 { "sector has" } else { "sectors have" }
        ),
        (Some(Phase::Signed), Lang::Nl) => {
            format!("In {c} {} is een convenant ondertekend:", trajecten(n))
        }
        (Some(Phase::Signed), Lang::En) => {
            format!("In {c} {} a covenant has been signed:", trajectories(n))
        }
        (Some(Phase::Implementing), Lang::Nl) => format!(
            "In {c} {} wordt een getekend convenant uitgevoerd:",
            trajecten(n)
        ),
        (Some(Phase::Implementing), Lang::En) => format!(
            "In {c} {} a signed covenant is being implemented:",
            trajectories(n)
        ),
        (Some(Phase::Ended), Lang::Nl) => format!(
            "{} {} afgerond:",
            capitalise(&c),
            if n == 1 {
                "traject is"
            } else {
                "trajecten zijn"
            }
        ),
        (Some(Phase::Ended), Lang::En) => format!(
            "{} {} ended:",
            capitalise(&c),
            if n == 1 {
                "trajectory has"
            } else {
                "trajectories have"
            }
        ),
        (None, Lang::Nl) => format!("Van {c} {} is nog geen fase gemeld:", trajecten(n)),
        (None, Lang::En) => format!(
            "For {c} {} no phase has been reported yet:",
            trajectories(n)
        ),
    }
}

pub fn group_intro_other(l: Lang, sra_count: usize) -> String {
    let c = count_word(l, sra_count);
    match l {
        Lang::Nl => format!(
            "Naast de {c} sectoren die in de SRA zijn geïdentificeerd, hebben ook andere sectoren het initiatief genomen om aan te sluiten bij het convenantentraject:"
        ),
        Lang::En => format!(
            "Besides the {c} sectors identified in the SRA, other sectors have also taken the initiative to join the covenant process:"
        ),
    }
}

fn trajecten(n: usize) -> &'static str {
    if n == 1 { "traject" } else { "trajecten" }
}

fn trajectories(n: usize) -> &'static str {
    if n == 1 { "trajectory" } else { "trajectories" }
}

/// "Fase: onderhandeling, sinds 22 juni 2015." with the sectors it touches.
pub fn phase_line(l: Lang, phase: &str, since: &str, sectors: &str) -> String {
    match l {
        Lang::Nl => format!("Fase: {phase}, sinds {since}. Sector: {sectors}. "),
        Lang::En => format!("Phase: {phase}, since {since}. Sector: {sectors}. "),
    }
}

pub fn phase_history(l: Lang, steps: &str) -> String {
    match l {
        Lang::Nl => format!("Eerdere fasen: {steps}. "),
        Lang::En => format!("Earlier phases: {steps}. "),
    }
}

pub fn organisations_lead(l: Lang) -> &'static str {
    l.pick("Betrokken organisaties: ", "Organisations involved: ")
}

pub fn initiatives_lead(l: Lang) -> &'static str {
    l.pick("Bouwt voort op: ", "Builds on: ")
}

pub fn planned(l: Lang) -> &'static str {
    l.pick("gepland", "planned")
}

pub fn undated(l: Lang) -> &'static str {
    l.pick("zonder datum", "undated")
}

pub fn participants(l: Lang, count: u32, more_than: bool) -> String {
    match (l, more_than) {
        (Lang::Nl, true) => format!(" (meer dan {count} deelnemers)"),
        (Lang::Nl, false) => format!(" ({count} deelnemers)"),
        (Lang::En, true) => format!(" (more than {count} participants)"),
        (Lang::En, false) => format!(" ({count} participants)"),
    }
}

pub fn covenant_line(l: Lang, name: &str, signed: &str, parties: &str) -> String {
    match l {
        Lang::Nl => format!("Convenant «{name}», ondertekend {signed}{parties}. "),
        Lang::En => format!("Covenant “{name}”, signed {signed}{parties}. "),
    }
}

pub fn suppressed(l: Lang) -> &'static str {
    l.pick("afgeschermd", "suppressed")
}

/// The covenant's due diligence in one sentence: the latest published year's share of companies
/// fully meeting the framework (`None`: suppressed), of how many assessed (`None`: suppressed),
/// the earlier years, the disclosure threshold, and whether the companies are made up.
pub fn diligence_line(
    l: Lang,
    year: i32,
    share: Option<&str>,
    assessed: Option<usize>,
    earlier: &str,
    k: usize,
    synthetic: bool,
) -> String {
    let of = assessed.map_or_else(String::new, |n| match l {
        Lang::Nl => format!(" van de {n} beoordeelde bedrijven"),
        Lang::En => format!(" of the {n} companies assessed"),
    });
    let mut s = match (l, share) {
        (Lang::Nl, Some(p)) => {
            format!(
                "Gepaste zorgvuldigheid: in {year} voldeed {p}{of} volledig aan het kader van het convenant"
            )
        }
        (Lang::En, Some(p)) => {
            format!("Due diligence: in {year}, {p}{of} fully met the covenant's framework")
        }
        (Lang::Nl, None) => format!(
            "Gepaste zorgvuldigheid: het aandeel bedrijven dat in {year} volledig aan het kader voldeed, is afgeschermd"
        ),
        (Lang::En, None) => format!(
            "Due diligence: the share of companies fully meeting the framework in {year} is suppressed"
        ),
    };
    if !earlier.is_empty() {
        s.push_str(&match l {
            Lang::Nl => format!(" (eerder: {earlier})"),
            Lang::En => format!(" (earlier: {earlier})"),
        });
    }
    s.push_str(&match l {
        Lang::Nl => format!("; elk gepubliceerd cijfer berust op ten minste {k} bedrijven"),
        Lang::En => format!("; every published figure rests on at least {k} companies"),
    });
    if synthetic {
        s.push_str(l.pick(" (synthetische gegevens)", " (synthetic data)"));
    }
    s.push_str(". ");
    s
}

pub fn covenant_parties(l: Lang, n: u32) -> String {
    match l {
        Lang::Nl => format!(" door {n} partijen"),
        Lang::En => format!(" by {n} parties"),
    }
}

pub fn covenant_ended(l: Lang, date: &str) -> String {
    match l {
        Lang::Nl => format!("Beëindigd {date}. "),
        Lang::En => format!("Ended {date}. "),
    }
}

pub fn agreements_status(l: Lang, total: usize, measured: usize, on_track: usize) -> String {
    match l {
        Lang::Nl => format!(
            "Het convenant bevat {total} SMART-afspraken; van {measured} is de voortgang gemeten, waarvan {on_track} op koers of gehaald. "
        ),
        Lang::En => format!(
            "The covenant holds {total} SMART agreements; progress has been measured for {measured}, of which {on_track} are on track or achieved. "
        ),
    }
}

pub fn chance_line(l: Lang, deadline: &str, p: &str) -> String {
    match l {
        Lang::Nl => format!("Kans op een convenant vóór {deadline} volgens de prognose: {p}."),
        Lang::En => format!("Forecast chance of a covenant before {deadline}: {p}."),
    }
}

pub fn gov_intro(l: Lang) -> &'static str {
    l.pick(
        "De overheid vervult uiteenlopende rollen. In de ene sector brengt zij bedrijfsleven, maatschappelijk middenveld, vakbonden en andere stakeholders met elkaar in gesprek; in de andere ligt de nadruk op het ontwikkelen van kennis over IMVO. Daarnaast gaat de overheid rechtstreeks met sectoren en bedrijven in dialoog en draagt zij de aanpak met convenanten internationaal uit. Uitgangspunt blijft dat de sectoren zelf in de eerste plaats verantwoordelijk zijn voor de aanpak van risico’s in hun keten.",
        "Government plays several roles. In some sectors it brings business, civil society, trade unions and other stakeholders together; in others the emphasis is on building knowledge of IRBC. It also talks directly with sectors and companies, and it promotes the covenant approach abroad. The starting point remains that the sectors themselves bear first responsibility for tackling the risks in their supply chains.",
    )
}

pub fn gov_kind(l: Lang, k: GovernmentActivityKind) -> &'static str {
    use GovernmentActivityKind as K;
    match k {
        K::RoundTable => l.pick("Rondetafels.", "Round tables."),
        K::KnowledgeWorkshop => l.pick("Kennisopbouw.", "Building knowledge."),
        K::DirectDialogue => l.pick("Directe dialoog.", "Direct dialogue."),
        K::Exploration => l.pick("Verkenning met partners.", "Exploring with partners."),
        K::International => l.pick("Internationaal.", "Abroad."),
    }
}

pub fn gov_kind_intro(l: Lang, k: GovernmentActivityKind) -> &'static str {
    use GovernmentActivityKind as K;
    match k {
        K::RoundTable => l.pick(
            " De overheid nodigt partijen uit aan een rondetafel:",
            " Government invites the parties to a round table:",
        ),
        K::KnowledgeWorkshop => l.pick(
            " De overheid ondersteunt workshops over het identificeren en aanpakken van sectorbrede IMVO-risico’s:",
            " Government supports workshops on identifying and tackling sector-wide IRBC risks:",
        ),
        K::DirectDialogue => l.pick(
            " Het kabinet gaat ook rechtstreeks met sectoren en bedrijven in gesprek over ketenverantwoordelijkheid:",
            " Ministers also talk directly with sectors and companies about responsibility in the supply chain:",
        ),
        K::Exploration => l.pick(
            " Samen met partners wordt onderzocht wat gezamenlijk kan worden bijgedragen:",
            " Together with partners, government is looking at what can be achieved jointly:",
        ),
        K::International => l.pick(
            " De overheid draagt de aanpak met IMVO-convenanten over de grens uit, mede voor een internationaal gelijk speelveld:",
            " Government promotes the IRBC covenant approach abroad, not least to level the international playing field:",
        ),
    }
}

pub fn participating_sectors(l: Lang, list: &str) -> String {
    match l {
        Lang::Nl => format!(" Deelnemende sectoren: {list}."),
        Lang::En => format!(" Sectors taking part: {list}."),
    }
}

pub fn with_organisations(l: Lang, list: &str) -> String {
    match l {
        Lang::Nl => format!(" Betrokken: {list}."),
        Lang::En => format!(" Involved: {list}."),
    }
}

pub fn stakeholder_intro(l: Lang, orgs: &str) -> String {
    match l {
        Lang::Nl => format!(
            "Het IMVO-convenantentraject is een multi-stakeholderproces waarin breed draagvlak wordt gezocht. Een actieve bijdrage leveren onder meer {orgs}:"
        ),
        Lang::En => format!(
            "The IRBC covenant process involves many stakeholders and seeks broad support. Those contributing actively include {orgs}:"
        ),
    }
}

pub fn stakeholder_kind(l: Lang, k: StakeholderActivityKind) -> &'static str {
    use StakeholderActivityKind as K;
    match k {
        K::QuarterlyMeeting => l.pick("Kwartaaloverleg", "Quarterly meeting"),
        K::ThematicAdvice => l.pick("Thematisch advies", "Thematic advice"),
        K::Consultation => l.pick("Overleg", "Consultation"),
        K::ProjectGroup => l.pick("Projectgroep", "Project group"),
        K::KnowledgePartnership => l.pick("Kennispartners", "Knowledge partners"),
        K::Dialogue => l.pick("Dialoog", "Dialogue"),
        K::ProcessGuidance => l.pick("Procesbegeleiding", "Guiding the process"),
    }
}

pub fn themes(l: Lang, list: &str) -> String {
    match l {
        Lang::Nl => format!(" Thema’s: {list}."),
        Lang::En => format!(" Themes: {list}."),
    }
}

pub fn conclusion_open(l: Lang) -> &'static str {
    l.pick(
        "Het proces om te komen tot IMVO-convenanten is learning by doing.",
        "Reaching IRBC covenants is a matter of learning by doing.",
    )
}

pub fn target_status(l: Lang, target: &str, as_of: &str, signed: usize, required: u32) -> String {
    let s = count_word(l, signed);
    match l {
        Lang::Nl => format!(
            "Het beleidsdoel luidt: «{target}». Op {as_of} {} daarvan {s} gesloten, van de {required} die nodig zijn",
            if signed == 1 { "is er" } else { "zijn er" }
        ),
        Lang::En => format!(
            "The policy target reads: “{target}”. As of {as_of}, {s} of the {required} required {} been signed",
            if signed == 1 { "has" } else { "have" }
        ),
    }
}

pub fn target_met(l: Lang) -> &'static str {
    l.pick(": het doel is gehaald.", ": the target has been met.")
}

pub fn target_missed(l: Lang) -> &'static str {
    l.pick(
        ". De termijn is verstreken zonder dat het doel is gehaald.",
        ". The deadline has passed without the target being met.",
    )
}

pub fn forecast(
    l: Lang,
    deadline: &str,
    expected: &str,
    p10: u32,
    p90: u32,
    probability: &str,
) -> String {
    match l {
        Lang::Nl => format!(
            "De prognose verwacht dat op {deadline} {expected} convenanten zijn gesloten (in acht van de tien gesimuleerde verlopen tussen {p10} en {p90}). De kans dat het doel wordt gehaald is {probability}."
        ),
        Lang::En => format!(
            "The forecast expects {expected} covenants to have been signed by {deadline} (between {p10} and {p90} in eight out of ten simulated courses). The probability of meeting the target is {probability}."
        ),
    }
}

pub fn judgement(l: Lang, probability: f64) -> &'static str {
    if probability >= 0.8 {
        l.pick(
            "Het doel ligt binnen bereik; het tempo moet worden vastgehouden.",
            "The target is within reach, provided the pace is kept up.",
        )
    } else if probability >= 0.5 {
        l.pick(
            "Het doel is haalbaar, maar niet zeker; de trajecten die nu onderhandelen moeten op tijd afronden.",
            "The target can be met but is not certain; the trajectories now negotiating must conclude in time.",
        )
    } else {
        l.pick(
            "Het tempo moet omhoog om de doelstelling te kunnen halen.",
            "The pace must pick up if the target is to be met.",
        )
    }
}

pub fn forecast_method(l: Lang, runs: u32, seed: u64, history: &str) -> String {
    match l {
        Lang::Nl => format!(
            "Methode van de prognose: {runs} gesimuleerde verlopen (Monte Carlo, startwaarde {seed}) over de duur van de fasen, {history}. Hetzelfde bestand en dezelfde instellingen geven dezelfde uitkomst."
        ),
        Lang::En => format!(
            "Forecast method: {runs} simulated courses (Monte Carlo, seed {seed}) over the time trajectories spend in each phase, {history}. The same data and settings give the same result."
        ),
    }
}

pub fn durations_from(l: Lang, history: usize, defaults: usize) -> String {
    match l {
        Lang::Nl => format!(
            "met de duur van {history} fasen uit de eigen geschiedenis van de trajecten en van {defaults} fasen uit gedocumenteerde standaardwaarden"
        ),
        Lang::En => format!(
            "with the time spent in {history} phases taken from the trajectories’ own history and in {defaults} from documented defaults"
        ),
    }
}

pub fn figure_phases_caption(l: Lang) -> &'static str {
    l.pick(
        "Aantal trajecten per fase door de tijd",
        "Number of trajectories in each phase over time",
    )
}

pub fn figure_phases_desc(l: Lang, first: &str, last: &str) -> String {
    match l {
        Lang::Nl => format!(
            "Gestapelde staven: per peildatum van {first} tot en met {last} het aantal trajecten in elke fase."
        ),
        Lang::En => format!(
            "Stacked bars: for each date from {first} to {last}, the number of trajectories in each phase."
        ),
    }
}

pub fn figure_target_caption(l: Lang) -> &'static str {
    l.pick(
        "Gesloten convenanten, prognose en doel",
        "Covenants signed, forecast and target",
    )
}

pub fn figure_target_desc(
    l: Lang,
    signed: usize,
    expected: &str,
    required: u32,
    deadline: &str,
) -> String {
    match l {
        Lang::Nl => format!(
            "Lijn: het aantal gesloten convenanten ({signed} nu). Stippellijn en band: verwacht aantal ({expected}) en 80%-interval tot {deadline}. Rode lijn: het doel van {required}."
        ),
        Lang::En => format!(
            "Line: the number of covenants signed ({signed} now). Dashed line and band: expected number ({expected}) and 80% interval up to {deadline}. Red line: the target of {required}."
        ),
    }
}

pub fn axis_trajectories(l: Lang) -> &'static str {
    l.pick("Aantal trajecten", "Number of trajectories")
}
pub fn axis_covenants(l: Lang) -> &'static str {
    l.pick("Aantal convenanten", "Number of covenants")
}
pub fn legend_signed(l: Lang) -> &'static str {
    l.pick("Gesloten", "Signed")
}
pub fn legend_expected(l: Lang) -> &'static str {
    l.pick("Verwacht", "Expected")
}
pub fn legend_interval(l: Lang) -> &'static str {
    l.pick("80%-interval", "80% interval")
}
pub fn label_target(l: Lang, n: u32) -> String {
    match l {
        Lang::Nl => format!("Doel: {n}"),
        Lang::En => format!("Target: {n}"),
    }
}
pub fn label_date(l: Lang) -> &'static str {
    l.pick("Peildatum", "Date")
}

pub fn changes_intro(l: Lang, n: usize, since: &str, as_of: &str) -> String {
    let c = count_word(l, n);
    match l {
        Lang::Nl => format!(
            "Tussen {since} en {as_of} zijn {c} feiten vastgelegd. Hieronder staan ze in volgorde van datum, elk met zijn bron."
        ),
        Lang::En => format!(
            "Between {since} and {as_of}, {c} facts were recorded. They are listed below in date order, each with its source."
        ),
    }
}

pub fn no_changes(l: Lang, since: &str, as_of: &str) -> String {
    match l {
        Lang::Nl => format!("Tussen {since} en {as_of} zijn geen nieuwe feiten vastgelegd."),
        Lang::En => format!("No new facts were recorded between {since} and {as_of}."),
    }
}

pub fn source(l: Lang, list: &str) -> String {
    match l {
        Lang::Nl => format!("Bron: {list}."),
        Lang::En => format!("Source: {list}."),
    }
}

pub fn provenance(l: Lang) -> &'static str {
    l.pick(
        "Deze brief is gegenereerd uit de vastgelegde gegevens van het IMVO-convenantenportfolio. Alle namen, data en fasen komen uit die gegevens; de voetnoten noemen de bronnen.",
        "This letter was generated from the recorded data of the IRBC covenant portfolio. All names, dates and phases come from that data; the footnotes name the sources.",
    )
}
