//! The OpenAPI document: every route registered through `utoipa-actix-web`
//! (so it lists exactly the routes that exist), then the conventions every
//! operation follows, applied in one place so that no operation forgets one:
//! problems are `application/problem+json`; signed-in operations name the
//! session and may answer 401 and 403; a path parameter may be unknown (404);
//! a body may be malformed (400), too large (413), of another type (415) or
//! invalid (422); a query may be invalid (422).
use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::http::extract;

#[derive(OpenApi)]
#[openapi(
    info(title = "Cursus API", description = "Modular capacity-building curricula: programmes, cohorts, enrolments, assessments and verifiable attestations. Errors are RFC 9457 problem details; see docs/API.md."),
    components(schemas(shared::Problem, shared::FieldError, shared::RowError, shared::ErrorCode, shared::api::attestations::IssuerKeySet)),
    modifiers(&SessionSecurity),
    tags(
        (name = "auth", description = "Sessions"),
        (name = "accounts", description = "People and organisations"),
        (name = "programmes", description = "Curricula, modules and prerequisites"),
        (name = "cohorts", description = "Runs of a programme"),
        (name = "enrolments", description = "Enrolment, one by one or from a file"),
        (name = "learning", description = "The programme map, content, assessments, progress"),
        (name = "content", description = "Editing module content"),
        (name = "grading", description = "Trainers' grading queue"),
        (name = "attendance", description = "In-person sessions and attendance"),
        (name = "attestations", description = "Attestations and certificates: list, PDF, revoke, reissue, bulk issue"),
        (name = "verification", description = "Public verification of attestations"),
        (name = "badges", description = "Open Badges 3.0: credentials for holders; issuer profiles, status lists and keys for any verifier"),
        (name = "evaluations", description = "Training evaluation: knowledge tests before and after, satisfaction questionnaires, their results"),
        (name = "reports", description = "The impact dashboard's figures and the audit log"),
        (name = "health", description = "Process and database health"),
    )
)]
pub struct ApiDoc;

struct SessionSecurity;

impl Modify for SessionSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "session",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(extract::SESSION_COOKIE, "Set by POST /api/v1/auth/login"))),
            );
            components.add_security_scheme(
                "csrf",
                SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                    "X-CSRF-Token",
                    "Required on every state-changing request made with the session cookie; returned by login and /me",
                ))),
            );
        }
    }
}

/// Operations anyone may call without signing in.
const PUBLIC: [&str; 12] = [
    "/api/v1/auth/login",
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password",
    "/api/v1/enrolments/join",
    "/api/v1/verify/{code}",
    "/api/v1/verify/pdf",
    "/api/v1/badges/issuers/{id}",
    "/api/v1/badges/issuers/{id}/status/{list}",
    "/api/v1/badges/image.png",
    "/healthz",
    "/readyz",
    "/api/openapi.json",
];

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content("application/problem+json", Content::new(Some(Ref::from_schema_name("Problem"))))
            .build(),
    )
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = (bool, &mut Operation)> {
    [
        (false, item.get.as_mut()),
        (false, item.head.as_mut()),
        (true, item.post.as_mut()),
        (true, item.put.as_mut()),
        (true, item.patch.as_mut()),
        (true, item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(changes, op)| op.map(|op| (changes, op)))
}

/// Applies the conventions to the document of the routes.
pub fn finish(mut doc: Document) -> Document {
    for (path, item) in doc.paths.paths.iter_mut() {
        let public = PUBLIC.contains(&path.as_str());
        for (changes_state, op) in operations(item) {
            let params = op.parameters.as_deref().unwrap_or(&[]);
            let in_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
            let in_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
            let mut add = |status: &str, why: &str| {
                op.responses.responses.entry(status.to_string()).or_insert_with(|| problem(why));
            };
            if !public {
                add("401", "Not signed in");
                add("403", "Not allowed for this account");
            } else if changes_state {
                add("403", "Sent from another site");
            }
            if in_path {
                add("404", "No such record");
            }
            if in_query {
                add("422", "Invalid query parameters");
            }
            if op.request_body.is_some() {
                add("400", "Malformed body");
                add("413", "Body too large");
                add("415", "Unsupported media type");
                add("422", "Invalid fields");
            }
            if !public {
                op.security = Some(vec![SecurityRequirement::new("session", Vec::<String>::new())]);
            } else if op.security.is_none() {
                op.security = Some(vec![SecurityRequirement::default()]);
            }
            // Every error is a problem document, whatever the handler declared.
            for (status, response) in op.responses.responses.iter_mut() {
                if !status.starts_with('4') && !status.starts_with('5') {
                    continue;
                }
                if let RefOr::T(response) = response
                    && let Some(content) = response.content.shift_remove("application/json")
                {
                    response.content.insert("application/problem+json".to_string(), content);
                }
            }
        }
    }
    doc
}
