use super::sign_up_by_phone;
use crate::{
    on_both_backends,
    support::{Backend, spawn_app},
};

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload(b: &crate::support::Browser, bytes: Vec<u8>, name: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "picture",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    b.client
        .post(b.at("/account/picture"))
        .header("sec-fetch-site", "same-origin")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn pictures_are_reencoded_and_only_their_owner_gets_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let res = upload(&sara, png(900, 900), "me.png").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/account?picture=saved");
    let (_, p) = sara.fetch("get_profile", &[]).await;
    let url = p["picture_url"].as_str().unwrap().to_owned();
    let res = sara.get(&url).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (512, 512));

    let omar = sign_up_by_phone(&app, "+966501234568", "Omar").await;
    assert_eq!(omar.get(&url).await.status(), 404);
    assert_eq!(app.browser().get(&url).await.status(), 404);

    assert_eq!(sara.call("remove_picture", &[]).await.status(), 200);
    assert_eq!(sara.get(&url).await.status(), 404);
}

async fn uploads_that_are_not_pictures_or_too_large_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let res = upload(&sara, b"%PDF-1.4 pretending".to_vec(), "photo.jpg").await;
    assert_eq!(
        res.headers()["location"],
        "/account?error=picture_not_image"
    );
    let res = upload(&sara, vec![0xFF; 6 * 1024 * 1024], "big.jpg").await;
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/account?error=picture_")
    );
    let (_, p) = sara.fetch("get_profile", &[]).await;
    assert!(p["picture_url"].is_null());
    // Anonymous uploads go to sign-in.
    let res = upload(&app.browser(), png(10, 10), "x.png").await;
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/sign-in")
    );
}

/// A PNG declaring 50000×50000 pixels (signature, header, one tiny compressed data
/// chunk, end; every checksum right): 69 bytes that would ask a decoder for 7.5 GB.
const HUGE_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\
\x00\x00\xc3\x50\x00\x00\xc3\x50\x08\x02\x00\x00\x00\xc4\xcd\xaa\x9d\x00\x00\x00\x0c\x49\x44\
\x41\x54\x78\x9c\x63\x60\xa0\x0c\x00\x00\x00\x40\x00\x01\xb7\x34\x7c\xef\x00\x00\x00\x00\x49\
\x45\x4e\x44\xae\x42\x60\x82";

async fn pictures_declaring_huge_dimensions_are_refused_before_decoding(backend: Backend) {
    let app = spawn_app(backend).await;
    let sara = sign_up_by_phone(&app, "+966501234567", "Sara").await;
    let res = upload(&sara, HUGE_PNG.to_vec(), "huge.png").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/account?error=picture_too_many_pixels"
    );
    // A client asking for JSON gets the API's answer: 422 and the error's kind.
    let form = reqwest::multipart::Form::new().part(
        "picture",
        reqwest::multipart::Part::bytes(HUGE_PNG.to_vec()).file_name("huge.png"),
    );
    let res = sara
        .client
        .post(sara.at("/account/picture"))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["detail"], "picture_too_many_pixels", "{body}");
    let (_, p) = sara.fetch("get_profile", &[]).await;
    assert!(p["picture_url"].is_null(), "nothing stored");
    // The profile page says why, in the person's language.
    let page = sara
        .get("/account?error=picture_too_many_pixels")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("too many pixels"), "{page}");
    let res = sara.call("set_language", &[("lang", "ar")]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let page = sara
        .get("/account?error=picture_too_many_pixels")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("أبعاد الصورة كبيرة جدًا"));
}

on_both_backends!(
    pictures_are_reencoded_and_only_their_owner_gets_them,
    uploads_that_are_not_pictures_or_too_large_are_refused,
    pictures_declaring_huge_dimensions_are_refused_before_decoding,
);
