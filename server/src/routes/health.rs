use app::ssr::state::AppState;
use axum::{extract::State, http::StatusCode};

/// The process is up and serving.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can do useful work: the database answers.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
