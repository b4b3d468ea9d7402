use super::*;

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn defaults_serve_sqlite_on_localhost_3000() {
    let s = Settings::from_vars(&HashMap::new()).unwrap();
    assert_eq!(s.port, 3000);
    assert_eq!(s.host.to_string(), "127.0.0.1");
    assert_eq!(s.database_url(), "sqlite://data/calentify.db");
    assert!(!s.seed_demo);
}

#[test]
fn a_bad_port_names_the_variable() {
    let err = Settings::from_vars(&vars(&[("CALENTIFY_PORT", "eighty")])).unwrap_err();
    assert_eq!(err.var, "CALENTIFY_PORT");
    assert!(err.to_string().starts_with("CALENTIFY_PORT: "));
}

#[test]
fn smtp_settings_are_checked_at_start_up() {
    let err =
        Settings::from_vars(&vars(&[("CALENTIFY_SMTP_URL", "smtp://mail.example")])).unwrap_err();
    assert_eq!(err.var, "CALENTIFY_SMTP_FROM");
    let err = Settings::from_vars(&vars(&[
        ("CALENTIFY_SMTP_URL", "http://mail.example"),
        ("CALENTIFY_SMTP_FROM", "a@b.example"),
    ]))
    .unwrap_err();
    assert_eq!(err.var, "CALENTIFY_SMTP_URL");
    let err = Settings::from_vars(&vars(&[
        ("CALENTIFY_SMTP_URL", "smtps://mail.example"),
        ("CALENTIFY_SMTP_FROM", "not an address"),
    ]))
    .unwrap_err();
    assert_eq!(err.var, "CALENTIFY_SMTP_FROM");
    let ok = Settings::from_vars(&vars(&[
        ("CALENTIFY_SMTP_URL", "smtps://u:p@mail.example:465"),
        ("CALENTIFY_SMTP_FROM", "Calentify <no-reply@example.com>"),
        ("CALENTIFY_OUTBOX_WORKER", "false"),
    ]))
    .unwrap();
    assert!(ok.smtp.is_some() && !ok.outbox_worker);
}

#[test]
fn half_configured_sign_in_providers_name_the_missing_half() {
    let err = Settings::from_vars(&vars(&[("GOOGLE_CLIENT_SECRET", "s")])).unwrap_err();
    assert_eq!(err.var, "GOOGLE_CLIENT_ID");
    let err = Settings::from_vars(&vars(&[("FACEBOOK_CLIENT_ID", "id")])).unwrap_err();
    assert_eq!(err.var, "FACEBOOK_CLIENT_SECRET");
    let err = Settings::from_vars(&vars(&[
        ("GOOGLE_CLIENT_ID", "id"),
        ("GOOGLE_CLIENT_SECRET", "s"),
        ("GOOGLE_ISSUER_URL", "::"),
    ]))
    .unwrap_err();
    assert_eq!(err.var, "GOOGLE_ISSUER_URL");
}

#[test]
fn https_deployments_must_set_a_secret_key() {
    let err = Settings::from_vars(&vars(&[(
        "CALENTIFY_PUBLIC_URL",
        "https://book.example.com",
    )]))
    .unwrap_err();
    assert_eq!(err.var, "CALENTIFY_SECRET_KEY");
    let key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    let ok = Settings::from_vars(&vars(&[
        ("CALENTIFY_PUBLIC_URL", "https://book.example.com"),
        ("CALENTIFY_SECRET_KEY", key),
        (
            "CALENTIFY_FILE_KEYS",
            "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        ),
    ]));
    assert!(ok.is_ok());
    assert!(
        !format!("{:?}", ok.unwrap()).contains(key),
        "secrets stay out of Debug output"
    );
}

#[test]
fn database_url_errors_never_echo_the_url() {
    let err =
        Settings::from_vars(&vars(&[("DATABASE_URL", "mysql://root:hunter2@db/x")])).unwrap_err();
    assert_eq!(err.var, "DATABASE_URL");
    assert!(!err.to_string().contains("hunter2"));
}

#[test]
fn each_variable_is_checked() {
    for (var, value) in [
        ("CALENTIFY_HOST", "localhost:80"),
        ("CALENTIFY_PUBLIC_URL", "ftp://x"),
        ("CALENTIFY_PUBLIC_URL", "not a url"),
        ("CALENTIFY_LOG_FORMAT", "yaml"),
        ("CALENTIFY_SEED_DEMO", "maybe"),
        ("CALENTIFY_DB_MAX_CONNECTIONS", "0"),
        ("CALENTIFY_LOG", "[[["),
        ("CALENTIFY_SECRET_KEY", "c2hvcnQ="),
        ("CALENTIFY_SECRET_KEY", "not base64 !!"),
        ("CALENTIFY_DEFAULT_REGION", "Saudi"),
        ("CALENTIFY_MIN_ACCOUNT_AGE", "40"),
        ("CALENTIFY_SESSION_IDLE_HOURS", "0"),
    ] {
        let err = Settings::from_vars(&vars(&[(var, value)])).unwrap_err();
        assert_eq!(err.var, var, "{value}");
    }
}

#[test]
fn clinic_sign_up_and_operators_are_checked_at_start_up() {
    let s = Settings::from_vars(&HashMap::new()).unwrap();
    assert_eq!(s.clinic_signup, ClinicSignup::Open);
    assert!(s.operators.is_empty());
    let err = Settings::from_vars(&vars(&[("CALENTIFY_CLINIC_SIGNUP", "invite")])).unwrap_err();
    assert_eq!(err.var, "CALENTIFY_CLINIC_SIGNUP");
    let err = Settings::from_vars(&vars(&[(
        "CALENTIFY_OPERATORS",
        "ops@calentify.example,call 0501112222 please",
    )]))
    .unwrap_err();
    assert_eq!(err.var, "CALENTIFY_OPERATORS");
    assert!(err.problem.contains("entry 2"), "{err}");
    assert!(
        !err.problem.contains("0501112222"),
        "the contact is not echoed: {err}"
    );
    let s = Settings::from_vars(&vars(&[
        ("CALENTIFY_CLINIC_SIGNUP", "approval"),
        ("CALENTIFY_OPERATORS", "ops@calentify.example, 0501112222"),
    ]))
    .unwrap();
    assert_eq!(s.clinic_signup, ClinicSignup::Approval);
    let phone = app::domain::contact::PhoneNumber::parse("+966501112222", None).unwrap();
    assert!(
        s.operators.includes(None, Some(&phone)),
        "read with the default region SA"
    );
}
