//! The dashboard in a real browser: headless Chromium driven through chromedriver (the Debian
//! packages `chromium` and `chromium-driver`; never a downloaded browser) with the WebDriver
//! client fantoccini, over plain HTTP on loopback.
//!
//! One walk as a secretariat user would take it: the real server on a random port over a fresh
//! SQLite store loaded with the shipped datasets (data/portfolio/); an account created as
//! `imvo user add` creates it; log in through the form; record an event through the form (first
//! without a source, which is refused beside the field, then complete); see it on the trajectory
//! and portfolio pages; download the letter as PDF and HTML and check them; open the sector risk
//! analysis; pages in English and at phone width; and, as an administrator sent to the login
//! form and back, the accounts page. Screenshots go to `target/screenshots/` in the workspace (or
//! `IMVO_SCREENSHOTS`); the test prints the folder.
//!
//! Without chromium or chromedriver the test prints a note and passes, unless
//! `IMVO_REQUIRE_REFERENCE=1` (CI, scripts/test.sh), where it fails.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

#[path = "../server/risk_fixture.rs"]
mod risk_fixture;
use imvo_app::accounts::{AccountInput, create_account};
use imvo_server::roles::Role;
use imvo_server::{Application, Settings};
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const USER: &str = "secretariaat-test";
/// The administrator who looks at the accounts page at the end.
const ADMIN: &str = "beheerder-test";
const PASSWORD: &str = "correct horse battery staple";
/// The event the test records; unique words so finding them proves the event is shown.
const EVENT_NL: &str = "Browsertest: rondetafel over leefbaar loon met vakbonden en ngo's";
const EVENT_EN: &str = "Browser test: round table on living wages with unions and NGOs";

/// The chromedriver process, killed when dropped (also when an assertion fails).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn screenshots_dir() -> PathBuf {
    let dir = std::env::var_os("IMVO_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots"));
    std::fs::create_dir_all(&dir).expect("the screenshot folder can be created");
    dir.canonicalize().unwrap_or(dir)
}

async fn shot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.expect("a screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is written");
}

async fn source(c: &Client) -> String {
    c.source().await.expect("the page source")
}

/// Waits until a file with `ext` (fully downloaded) appears in `dir`.
async fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    let start = Instant::now();
    loop {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == ext) {
                    return p;
                }
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no .{ext} file was downloaded into {}",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn start_driver() -> Option<(Driver, String)> {
    let require = std::env::var("IMVO_REQUIRE_REFERENCE").is_ok_and(|v| v == "1");
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        assert!(
            !require,
            "{CHROMIUM} or {CHROMEDRIVER} is missing: install the Debian packages chromium and chromium-driver"
        );
        eprintln!("note: {CHROMIUM} or {CHROMEDRIVER} is missing; the browser test is skipped");
        return None;
    }
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let url = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{url}/status")).await
            && r.status().is_success()
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not answer on {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some((driver, url))
}

async fn browser(driver_url: &str, profile: &Path, downloads: &Path) -> Client {
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1400", "--lang=nl-NL",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
                "safebrowsing.enabled": false
            }
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("a JSON object"),
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(driver_url)
        .await
        .expect("a Chromium session through chromedriver")
}

/// The server on a random port over a fresh SQLite store with the shipped datasets, one
/// secretariat account and a (small, synthetic) sector risk analysis.
async fn server(
    dir: &Path,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let db = dir.join("imvo.db").display().to_string();
    let store = imvo_app::open(&db).await.expect("a fresh store");
    imvo_app::load_shipped(&store)
        .await
        .expect("the shipped datasets load");
    for (username, display_name, role) in [
        (USER, "Secretariaat (test)", Role::Secretariat),
        (ADMIN, "Beheerder (test)", Role::Admin),
    ] {
        create_account(
            &store,
            AccountInput {
                username: username.into(),
                display_name: display_name.into(),
                role,
                organisation_id: None,
                password: PASSWORD.into(),
                created_by: "test-setup".into(),
            },
        )
        .await
        .expect("the account is created");
    }
    let settings = Settings {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        database_url: db,
        log: "warn".into(),
        risk: Some(risk_fixture::write_analysis(dir)),
        ..Settings::default()
    };
    let app = Application::with_store(settings, store)
        .await
        .expect("the server binds");
    let addr = app.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        app.run_until(async {
            let _ = rx.await;
        })
        .await
        .expect("the server runs");
    });
    (addr, tx, handle)
}

async fn fill(c: &Client, css: &str, text: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no field {css}: {e}"));
    e.clear().await.expect("the field clears");
    e.send_keys(text).await.expect("typing into the field");
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("nothing to click at {css}: {e}"))
        .click()
        .await
        .expect("the click lands");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretariat_user_records_an_event_and_downloads_the_letter() {
    let Some((_driver, driver_url)) = start_driver().await else {
        return;
    };
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let profile = tmp.path().join("profile");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("the download folder");
    let shots = screenshots_dir();
    eprintln!("screenshots: {}", shots.display());

    let (addr, stop, handle) = server(tmp.path()).await;
    let base = format!("http://{addr}");
    let c = browser(&driver_url, &profile, &downloads).await;

    // The public portfolio, no login.
    c.goto(&format!("{base}/"))
        .await
        .expect("the portfolio opens");
    let html = source(&c).await;
    assert!(
        html.contains("Trajecten per fase"),
        "the portfolio page shows the phase groups"
    );
    assert!(
        html.contains("href=\"/trajectories/textile\""),
        "the portfolio links the textile trajectory"
    );
    assert!(
        !html.contains("/record/event"),
        "an anonymous visitor sees no record links"
    );
    shot(&c, &shots, "desktop-01-portfolio").await;

    // As of the seed letter's date.
    c.goto(&format!("{base}/?as_of=2015-07-10"))
        .await
        .expect("the portfolio as of a date");
    let html = source(&c).await;
    assert!(html.contains("10 juli 2015"), "the page states its date");
    shot(&c, &shots, "desktop-02-portfolio-2015-07-10").await;

    // Log in through the form.
    click(&c, "a.login").await;
    fill(&c, "#username", USER).await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "form.record button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css(".who"))
        .await
        .expect("logged in: the header names the user");
    let html = source(&c).await;
    assert!(html.contains(USER), "the header shows the account");
    assert!(
        html.contains("/record/event"),
        "a secretariat account sees the record links"
    );

    // Record an event: first without a source, which is refused beside the field.
    c.goto(&format!("{base}/record/event?trajectory=textile"))
        .await
        .expect("the event form opens");
    click(&c, "#f-kind option[value=round_table]").await;
    fill(&c, "#f-description_nl", EVENT_NL).await;
    fill(&c, "#f-description_en", EVENT_EN).await;
    click(&c, "form.record button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css(".notice.error"))
        .await
        .expect("the refusal is shown");
    let html = source(&c).await;
    assert!(
        html.contains("id=\"e-source_document\""),
        "the error sits beside the source field"
    );
    assert!(html.contains(EVENT_NL), "what was typed is kept");
    shot(&c, &shots, "desktop-03-event-form-refused").await;

    fill(&c, "#f-source_document", "Verslag browsertest").await;
    fill(&c, "#f-source_locator", "punt 1").await;
    click(&c, "form.record button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css(".notice[role=status]"))
        .await
        .expect("the event is stored");
    let url = c.current_url().await.expect("the current address");
    assert_eq!(
        url.path(),
        "/trajectories/textile",
        "after storing, the trajectory page shows"
    );
    let html = source(&c).await;
    assert!(
        html.contains(EVENT_NL),
        "the trajectory page shows the event"
    );
    shot(&c, &shots, "desktop-04-trajectory-after-recording").await;

    // The event on the portfolio page.
    c.goto(&format!("{base}/"))
        .await
        .expect("the portfolio opens");
    let html = source(&c).await;
    assert!(
        html.contains(EVENT_NL),
        "the portfolio timeline shows the new event"
    );
    shot(&c, &shots, "desktop-05-portfolio-with-event").await;

    // The target and its forecast chart.
    c.goto(&format!("{base}/target?as_of=2015-07-10"))
        .await
        .expect("the target page opens");
    let html = source(&c).await;
    assert!(
        html.contains("<svg") && html.contains("target-chart-title"),
        "the forecast chart is drawn"
    );
    shot(&c, &shots, "desktop-06-target").await;

    // The letter inline, then downloaded as PDF and HTML.
    c.goto(&format!("{base}/letter"))
        .await
        .expect("the letter page opens");
    let html = source(&c).await;
    assert!(
        html.contains("Voortgang IMVO-convenanten"),
        "the letter is shown inline"
    );
    assert!(
        html.contains(EVENT_NL),
        "the letter of today lists the new event"
    );
    shot(&c, &shots, "desktop-07-letter").await;
    click(&c, ".downloads a[href*='format=pdf']").await;
    let pdf = downloaded(&downloads, "pdf").await;
    let bytes = std::fs::read(&pdf).expect("the PDF is readable");
    assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", pdf.display());
    assert!(
        bytes.len() > 10_000,
        "the PDF has content ({} bytes)",
        bytes.len()
    );
    click(&c, ".downloads a[href*='format=html']").await;
    let letter = downloaded(&downloads, "html").await;
    let text = std::fs::read_to_string(&letter).expect("the HTML letter is readable");
    assert!(
        text.contains("Voortgang IMVO-convenanten"),
        "the HTML letter has its title"
    );
    // (Compared without the apostrophe, which the file writes as an HTML entity.)
    assert!(
        text.contains(&EVENT_NL[..40]),
        "the HTML letter lists the new event"
    );

    // The sector risk analysis: the heat map, and a sector with its paths.
    c.goto(&format!("{base}/risk"))
        .await
        .expect("the risk page opens");
    let html = source(&c).await;
    assert!(
        html.contains("risk-heatmap") && html.contains("SYNTHETISCHE GEGEVENS"),
        "the heat map is drawn and the data marked synthetic"
    );
    shot(&c, &shots, "desktop-09-risk").await;
    click(&c, "a[href='/risk/textiel']").await;
    let html = source(&c).await;
    assert!(
        html.contains("Cultivation of cotton") && html.contains("risk-hotspots"),
        "the sector page shows its hotspots and paths"
    );
    shot(&c, &shots, "desktop-10-risk-sector").await;

    // English.
    c.goto(&format!("{base}/trajectories/textile?lang=en"))
        .await
        .expect("the English page");
    let html = source(&c).await;
    assert!(
        html.contains("Organisations and roles") && html.contains(EVENT_EN),
        "the page is in English"
    );
    shot(&c, &shots, "desktop-08-trajectory-en").await;
    c.goto(&format!("{base}/?lang=nl"))
        .await
        .expect("back to Dutch");

    // A phone.
    c.set_window_size(390, 1500)
        .await
        .expect("a phone-sized window");
    c.goto(&format!("{base}/"))
        .await
        .expect("the portfolio on a phone");
    shot(&c, &shots, "phone-01-portfolio").await;
    c.goto(&format!("{base}/trajectories/textile"))
        .await
        .expect("a trajectory on a phone");
    shot(&c, &shots, "phone-02-trajectory").await;
    c.goto(&format!("{base}/record/event"))
        .await
        .expect("the form on a phone");
    shot(&c, &shots, "phone-03-event-form").await;
    c.goto(&format!("{base}/target"))
        .await
        .expect("the target on a phone");
    shot(&c, &shots, "phone-04-target").await;

    // An administrator: log out, log in again and open the accounts page.
    c.set_window_size(1280, 1400)
        .await
        .expect("back to a desktop window");
    c.goto(&format!("{base}/")).await.expect("the portfolio");
    click(&c, "form.inline button.linkish").await;
    c.wait()
        .for_element(Locator::Css("a.login"))
        .await
        .expect("logged out: the header offers a login");
    c.goto(&format!("{base}/accounts"))
        .await
        .expect("the accounts page asks for a login");
    fill(&c, "#username", ADMIN).await;
    fill(&c, "#password", PASSWORD).await;
    click(&c, "form.record button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("#f-role"))
        .await
        .expect("after logging in, back on the accounts page");
    let html = source(&c).await;
    assert!(
        html.contains(USER) && html.contains("Accountlogboek"),
        "the accounts page lists the accounts and the account log"
    );
    shot(&c, &shots, "desktop-11-accounts").await;

    c.close().await.expect("the browser closes");
    let _ = stop.send(());
    let _ = handle.await;
}
