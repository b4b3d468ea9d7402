//! Attaches [`RequestInfo`] (client address, user agent) to every request.

use app::ssr::context::RequestInfo;
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use http::header;
use std::net::SocketAddr;

/// The client's address: the socket peer, or — behind a trusted reverse proxy — the
/// last address the proxy appended to `X-Forwarded-For`.
pub async fn attach(State(trust_proxy): State<bool>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default();
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|ip| ip.trim().to_owned())
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let info = RequestInfo::new(forwarded.unwrap_or(peer), &user_agent);
    req.extensions_mut().insert(info);
    next.run(req).await
}
