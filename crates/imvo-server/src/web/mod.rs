//! The server-rendered web dashboard: the portfolio at a glance, a page per sector and per
//! trajectory, the target with its forecast chart, the progress letter (inline and as a
//! download), and forms to record events, phase changes, SMART agreements and measurements.
//!
//! # How it is built
//!
//! * Templates are [askama](https://docs.rs/askama) files under `templates/`, compiled into the
//!   binary and type-checked against the view structs at build time: a misspelt field is a
//!   compile error, not a blank on a page, and HTML escaping is on by default. (minijinja with
//!   `include_str!` would also embed them, but checks them only when a page is first drawn.)
//! * Every page is in Dutch (the default) and English: `?lang=en` switches and remembers the
//!   choice in a cookie. The texts sit side by side in the templates (`ui.t("…", "…")`).
//! * Every page shows the state as of a date (`?as_of=YYYY-MM-DD`, default today); links carry
//!   the chosen date along.
//! * No JavaScript at all: the content security policy forbids inline script and nothing here
//!   needs script. Styles come from one embedded CSS file ([`assets`]); charts are inline SVG
//!   drawn with presentation attributes only.
//! * Reads and writes go through the same code as the JSON API: [`crate::domain::portfolio`]
//!   (cached replay) and [`imvo_app::append_record`] (replay-validated append), so a form
//!   refuses exactly what the CLI and the API refuse, with the same message.
//! * Who may open a form and submit it is decided by [`crate::roles::ROUTES`], like every other
//!   route; pages only show the links a role may follow.

mod accounts;
pub mod assets;
mod diligence;
mod forms;
pub mod guard;
mod letter;
mod pages;
mod render;
mod risk;
mod target;
mod view;

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use imvo_domain::Lang;
use serde::Deserialize;

use crate::auth::{self, Caller, Principal, cookies, secret};
use crate::error::{ApiError, ErrorCode};
use crate::roles::{self, Role};
use crate::state::AppState;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "imvo_lang";

/// The routes of the dashboard.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::portfolio))
        .route("/sectors", get(pages::sectors))
        .route("/sectors/{id}", get(pages::sector))
        .route("/trajectories/{id}", get(pages::trajectory))
        .route("/target", get(target::view))
        .route("/letter", get(letter::view))
        .route("/letter/download", get(letter::download))
        .route("/accounts", get(accounts::view).post(accounts::create))
        .route("/accounts/{id}", post(accounts::change))
        .route("/risk", get(risk::index))
        .route("/risk/{id}", get(risk::sector))
        .route("/diligence", get(diligence::index))
        .route("/covenants/{id}/diligence", get(diligence::public))
        .route(
            "/covenants/{id}/diligence/companies/{company}",
            get(diligence::company),
        )
        .route(
            "/covenants/{id}/diligence/workbench",
            get(diligence::workbench),
        )
        .merge(diligence::step_routes())
        .merge(forms::routes())
        .route("/assets/{file}", get(assets::serve))
        .route("/login", get(login_form).post(login_submit))
        .route("/logout", post(logout))
}

/// The logged-in account as pages show it.
#[derive(Debug, Clone)]
pub struct UserView {
    /// The username.
    pub username: String,
    /// The role's name.
    pub role: Role,
    /// The session's CSRF token for forms (empty for token callers, who do not use forms).
    pub csrf: String,
}

/// What every page needs: language, date, caller, and link helpers for the templates.
#[derive(Debug, Clone)]
pub struct Ui {
    /// The language of the page.
    pub lang: Lang,
    /// The date the page shows the state as of.
    pub as_of: NaiveDate,
    /// Whether the date was chosen (then links carry it along).
    pub as_of_chosen: bool,
    /// The path of the page, for the language switch and the date form.
    pub path: String,
    /// The logged-in account, if any.
    pub user: Option<UserView>,
    /// Set the language cookie on the response (the language came from the query).
    set_lang: bool,
    secure: bool,
}

/// The page context as an extractor: a handler that takes a [`Ui`] gets the caller the
/// authorization layer found, and a request whose `as_of` cannot be read is answered with the
/// 400 page before the handler runs.
impl FromRequestParts<AppState> for Ui {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ui, Response> {
        let caller = parts.extensions.get::<Caller>().and_then(|c| c.0.clone());
        Ui::from_request(state, caller, &parts.headers, &parts.uri).map_err(|e| e.page(None))
    }
}

/// The query parameters every page understands (others are ignored here and read by the page).
#[derive(Debug, Default, Deserialize)]
struct CommonQuery {
    lang: Option<String>,
    as_of: Option<String>,
}

impl Ui {
    /// The page context of a request. An unreadable `as_of` is a 400 page naming it.
    pub fn from_request(
        state: &AppState,
        caller: Option<Principal>,
        headers: &HeaderMap,
        uri: &Uri,
    ) -> Result<Ui, WebError> {
        let q: CommonQuery =
            serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
        let from_query = q.lang.as_deref().and_then(parse_lang);
        let lang = from_query
            .or_else(|| {
                cookies::get(headers, LANG_COOKIE)
                    .as_deref()
                    .and_then(parse_lang)
            })
            .unwrap_or(Lang::Nl);
        let mut ui = Ui {
            lang,
            as_of: imvo_app::today(),
            as_of_chosen: false,
            path: uri.path().to_string(),
            user: caller.map(|p| UserView {
                username: p.username.clone(),
                role: p.role,
                csrf: p.csrf().unwrap_or("").to_string(),
            }),
            set_lang: from_query.is_some(),
            secure: state.settings.cookie_secure,
        };
        if let Some(raw) = q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            ui.as_of = parse_date(raw).ok_or_else(|| {
                WebError::new(
                    StatusCode::BAD_REQUEST,
                    ui.t(
                        "De datum is onleesbaar: schrijf hem als JJJJ-MM-DD, bijvoorbeeld 2015-07-10.",
                        "The date cannot be read: write it as YYYY-MM-DD, for example 2015-07-10.",
                    ),
                )
                .with_field("as_of")
            })?;
            ui.as_of_chosen = true;
        }
        Ok(ui)
    }

    /// The text in the page's language.
    pub fn t(&self, nl: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    /// The language code (`nl`, `en`).
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// A link to `path` that keeps the chosen date.
    pub fn link(&self, path: &str) -> String {
        if self.as_of_chosen {
            let sep = if path.contains('?') { '&' } else { '?' };
            format!("{path}{sep}as_of={}", self.as_of)
        } else {
            path.to_string()
        }
    }

    /// A link to `path?key=value` that keeps the chosen date.
    pub fn link_q(&self, path: &str, key: &str, value: &str) -> String {
        let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
        self.link(&format!("{path}?{key}={value}"))
    }

    /// This page in another language.
    pub fn lang_link(&self, code: &str) -> String {
        let mut link = format!("{}?lang={code}", self.path);
        if self.as_of_chosen {
            link.push_str(&format!("&as_of={}", self.as_of));
        }
        link
    }

    /// A date in words ("10 juli 2015").
    pub fn date(&self, d: NaiveDate) -> String {
        imvo_domain::format_date(d, imvo_domain::DatePrecision::Day, self.lang)
    }

    /// The page's date in words.
    pub fn as_of_text(&self) -> String {
        self.date(self.as_of)
    }

    /// A date with its precision in words.
    pub fn dated(&self, d: &imvo_domain::Dated) -> String {
        d.format(self.lang)
    }

    /// Whether the caller may use a route of the role table.
    pub fn may(&self, method: Method, path: &str) -> bool {
        let role = self.user.as_ref().map(|u| u.role);
        roles::lookup(&method, path).is_some_and(|r| r.access.allows(role))
    }

    /// Whether the caller may record events, phases and agreements.
    pub fn may_record(&self) -> bool {
        self.may(Method::POST, "/record/event")
    }

    /// Whether the caller may manage accounts.
    pub fn may_administer(&self) -> bool {
        self.may(Method::GET, "/accounts")
    }

    /// Whether the caller may record measurements.
    pub fn may_measure(&self) -> bool {
        self.may(Method::POST, "/record/measurement")
    }

    /// Whether `path` is the current page (for the navigation's `aria-current`).
    pub fn is(&self, path: &str) -> bool {
        if path == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(path)
        }
    }

    /// The address of an embedded asset, with its content hash for caching.
    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    /// The CSRF token of the session, for forms.
    pub fn csrf(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.csrf.as_str())
    }

    /// The logged-in account's role in the page's language.
    pub fn role_name(&self) -> &'static str {
        self.user.as_ref().map_or("", |u| self.role_label(u.role))
    }

    /// A role's name in the page's language.
    pub fn role_label(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.t("beheerder", "administrator"),
            Role::Ministry => self.t("ministerie", "ministry"),
            Role::Secretariat => self.t("secretariaat", "secretariat"),
            Role::Company => self.t("bedrijf", "company"),
            Role::Stakeholder => self.t("belanghebbende", "stakeholder"),
        }
    }

    /// A page builder's result as the response: the page, or its error as an error page.
    pub fn page(&self, result: Result<String, WebError>) -> Response {
        match result {
            Ok(html) => self.respond(StatusCode::OK, html),
            Err(e) => e.page(Some(self)),
        }
    }

    /// The page as a response: HTML with `status`, and the language cookie when it was chosen.
    pub fn respond(&self, status: StatusCode, html: String) -> Response {
        let mut response = (status, Html(html)).into_response();
        if self.set_lang {
            response.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(LANG_COOKIE, self.code(), 365 * 24 * 3600, self.secure),
            );
        }
        response
    }
}

fn parse_lang(s: &str) -> Option<Lang> {
    s.parse().ok()
}

/// A date as `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// An error page: the status and a sentence saying what is wrong and what to do.
#[derive(Debug)]
pub struct WebError {
    status: StatusCode,
    message: String,
    field: Option<String>,
}

impl WebError {
    /// An error with a status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> WebError {
        WebError {
            status,
            message: message.into(),
            field: None,
        }
    }

    /// The same error naming a field or parameter.
    pub fn with_field(mut self, field: &str) -> WebError {
        self.field = Some(field.to_string());
        self
    }

    /// 404 with a message.
    pub fn not_found(message: impl Into<String>) -> WebError {
        WebError::new(StatusCode::NOT_FOUND, message)
    }

    /// Renders the error page in the language of `ui` (Dutch without one).
    pub fn page(self, ui: Option<&Ui>) -> Response {
        let fallback;
        let ui = match ui {
            Some(ui) => ui,
            None => {
                fallback = Ui {
                    lang: Lang::Nl,
                    as_of: imvo_app::today(),
                    as_of_chosen: false,
                    path: "/".into(),
                    user: None,
                    set_lang: false,
                    secure: true,
                };
                &fallback
            }
        };
        let title = match self.status.as_u16() {
            400 | 422 => ui.t("Onjuiste invoer", "Invalid input"),
            404 => ui.t("Niet gevonden", "Not found"),
            401 => ui.t("Inloggen nodig", "Login needed"),
            403 => ui.t("Geen toegang", "No access"),
            _ => ui.t("Er ging iets mis", "Something went wrong"),
        };
        let page = render::ErrorPage {
            ui,
            title: title.to_string(),
            message: self.message,
            field: self.field,
            status: self.status.as_u16(),
        };
        ui.respond(self.status, render::html(&page))
    }
}

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> WebError {
        let mut w = WebError::new(e.status(), e.message().to_string());
        w.field = e.field().map(str::to_string);
        w
    }
}

/// Where to go after logging in: the page the visitor was sent away from, when it is a path on
/// this site. Anything else (another host, `//host`, a backslash trick) goes to the portfolio,
/// so the login form cannot be used to redirect people elsewhere.
fn local_target(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if local { next } else { "/" }
}

/// The query of the login page.
#[derive(Debug, Default, Deserialize)]
struct LoginQuery {
    #[serde(default)]
    next: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.page(None)
    }
}

async fn login_form(State(state): State<AppState>, ui: Ui, uri: Uri) -> Response {
    let q: LoginQuery = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    login_page(&state, &ui, StatusCode::OK, "", local_target(&q.next), None)
}

fn login_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    username: &str,
    next: &str,
    error: Option<String>,
) -> Response {
    let token = imvo_app::accounts::secret::new_secret("");
    let page = render::LoginPage {
        ui,
        title: ui.t("Inloggen", "Log in").to_string(),
        csrf: token.clone(),
        username: username.to_string(),
        next: next.to_string(),
        error,
    };
    let mut response = ui.respond(status, render::html(&page));
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(
            cookies::LOGIN_CSRF,
            &token,
            3600,
            state.settings.cookie_secure,
        ),
    );
    response
}

/// The fields of the login form.
#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    next: String,
}

async fn login_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: axum::body::Bytes,
) -> Response {
    let ui = match Ui::from_request(&state, None, &headers, &uri) {
        Ok(ui) => ui,
        Err(e) => return e.page(None),
    };
    let form: LoginForm = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(_) => {
            return WebError::new(
                StatusCode::BAD_REQUEST,
                ui.t(
                    "Het formulier is onleesbaar; open de inlogpagina opnieuw.",
                    "The form cannot be read; open the login page again.",
                ),
            )
            .page(Some(&ui));
        }
    };
    let expected = cookies::get(&headers, cookies::LOGIN_CSRF).unwrap_or_default();
    if expected.is_empty() || !secret::same(&expected, &form.csrf_token) {
        return login_page(
            &state,
            &ui,
            StatusCode::FORBIDDEN,
            &form.username,
            local_target(&form.next),
            Some(
                ui.t(
                    "Het formulier is verlopen; probeer het opnieuw.",
                    "The form expired; please try again.",
                )
                .to_string(),
            ),
        );
    }
    match auth::accounts::log_in(&state, form.username.trim(), &form.password).await {
        Ok(login) => {
            let mut response = Redirect::to(local_target(&form.next)).into_response();
            *response.status_mut() = StatusCode::SEE_OTHER;
            let h = response.headers_mut();
            h.append(header::SET_COOKIE, login.cookie);
            h.append(
                header::SET_COOKIE,
                cookies::clear(cookies::LOGIN_CSRF, state.settings.cookie_secure),
            );
            response
        }
        Err(err) => {
            let message = match err.code() {
                ErrorCode::InvalidCredentials => ui
                    .t(
                        "De gebruikersnaam of het wachtwoord klopt niet.",
                        "The username or password is wrong.",
                    )
                    .to_string(),
                ErrorCode::TooManyFailedLogins => format!(
                    "{} ({})",
                    ui.t(
                        "Te vaak een verkeerd wachtwoord voor deze gebruikersnaam; wacht en probeer het later opnieuw.",
                        "Too many failed logins for this username; wait and try again later.",
                    ),
                    err.message()
                ),
                _ => err.message().to_string(),
            };
            login_page(
                &state,
                &ui,
                err.status(),
                &form.username,
                local_target(&form.next),
                Some(message),
            )
        }
    }
}

async fn logout(State(state): State<AppState>, Caller(caller): Caller) -> Response {
    if let Some(p) = caller
        && let Err(err) = auth::accounts::log_out(&state, &p).await
    {
        return err.into_response();
    }
    let mut response = Redirect::to("/").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(cookies::SESSION, state.settings.cookie_secure),
    );
    response
}
