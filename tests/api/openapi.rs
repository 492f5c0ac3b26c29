use cursus_tests::harness::repo_root;
use cursus_tests::{Backend, both_backends, spawn_app};
use serde_json::Value;

/// Every `#[get("…")]`-style route in the server's handlers, with its method.
fn declared_routes() -> Vec<(String, String)> {
    let mut routes = Vec::new();
    let dir = repo_root().join("server/src/http");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let line = line.trim();
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                    let path = rest.split('"').next().unwrap().to_string();
                    routes.push((method.to_string(), path));
                }
            }
        }
    }
    routes
}

both_backends!(the_openapi_document_lists_every_route, |backend: Backend| async move {
    let app = spawn_app(backend).await;
    let doc: Value = app.anonymous().get_json("/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let declared = declared_routes();
    assert!(declared.len() >= 15, "{declared:?}");
    for (method, path) in declared {
        let full = if path.starts_with("/healthz") || path.starts_with("/readyz") { path.clone() } else { format!("/api/v1{path}") };
        let item = paths.get(&full).unwrap_or_else(|| panic!("{full} missing from the OpenAPI document"));
        assert!(item.get(&method).is_some(), "{method} {full} missing from the OpenAPI document");
    }
    // The contract's routes are among them.
    for path in ["/api/v1/auth/login", "/api/v1/programmes/{id}", "/api/v1/modules/{id}/prerequisites", "/api/v1/cohorts/{id}"] {
        assert!(paths.contains_key(path), "{path}");
    }
});
