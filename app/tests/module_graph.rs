//! No two modules of `app` import each other, directly or in a loop.
//!
//! The check reads the sources: every `crate::…` and `super::…` path (in `use` lines and
//! inline) is an edge from the module of the file it is in to the module it names. Edges
//! are compared between siblings (the children of one module), so a child using its
//! parent's items, or a parent declaring its children, is not a loop; `api → ssr` and
//! `ssr → api` would be, as would `ssr::auth → ssr::context → ssr::auth`.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// Sibling edges, grouped by their common parent module.
type Graph = BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn no_two_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    for file in rust_files(&src) {
        let module = module_of(&src, &file);
        let Ok(text) = fs::read_to_string(&file) else {
            panic!("cannot read {}", file.display());
        };
        for target in referenced_modules(&without_comments(&text), &module) {
            add_edge(&mut graph, &module, &target);
        }
    }
    let loops: Vec<String> = graph
        .iter()
        .flat_map(|(parent, edges)| {
            cycles(edges).into_iter().map(move |c| {
                let parent = if parent.is_empty() {
                    "crate".to_owned()
                } else {
                    parent.join("::")
                };
                format!("in {parent}: {}", c.join(" → "))
            })
        })
        .collect();
    assert!(
        loops.is_empty(),
        "modules importing each other:\n{}",
        loops.join("\n")
    );
}

#[test]
fn the_check_sees_grouped_and_relative_imports() {
    let module: Vec<String> = ["ssr", "auth"].map(String::from).to_vec();
    let found = referenced_modules(
        "use super::{context::{AppState, cookie_value}, crypto};\n\
         use crate::{domain::ids::UserId, views::account::Me};\n\
         let x = crate::ssr::clock::Clock::system();",
        &module,
    );
    let found: BTreeSet<String> = found.iter().map(|p| p.join("::")).collect();
    for expected in [
        "ssr::context::AppState",
        "ssr::context::cookie_value",
        "ssr::crypto",
        "domain::ids::UserId",
        "views::account::Me",
        "ssr::clock::Clock::system",
    ] {
        assert!(
            found.contains(expected),
            "{expected} missing from {found:?}"
        );
    }
    let mut graph = Graph::new();
    add_edge(&mut graph, &module, &["ssr", "context"].map(String::from));
    add_edge(
        &mut graph,
        &["ssr", "context"].map(String::from),
        &["ssr", "auth", "Caller"].map(String::from),
    );
    assert_eq!(cycles(&graph[&vec!["ssr".to_owned()]]).len(), 1);
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// `src/ssr/services/mod.rs` is `ssr::services`; `src/lib.rs` is the crate root.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Absolute module paths named by `crate::` and `super::` paths in `text`.
fn referenced_modules(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        let (root, len) = if starts_word && at(&bytes, i, "crate::") {
            ("crate", "crate::".len())
        } else if starts_word && at(&bytes, i, "super::") {
            ("super", "super::".len())
        } else {
            i += 1;
            continue;
        };
        let (paths, _) = parse_tree(&bytes, i + len);
        for path in paths {
            let mut base: Vec<String> = match root {
                "crate" => Vec::new(),
                _ => module[..module.len().saturating_sub(1)].to_vec(),
            };
            let mut rest = path.as_slice();
            while let Some(("super", tail)) = rest.split_first().map(|(h, t)| (h.as_str(), t)) {
                base.pop();
                rest = tail;
            }
            base.extend(rest.iter().filter(|s| *s != "self").cloned());
            out.push(base);
        }
        i += len;
    }
    out
}

fn at(chars: &[char], i: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn skip_space(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn parse_tree(chars: &[char], i: usize) -> (Vec<Vec<String>>, usize) {
    let mut i = skip_space(chars, i);
    if chars.get(i) == Some(&'{') {
        let mut out = Vec::new();
        i += 1;
        loop {
            i = skip_space(chars, i);
            match chars.get(i) {
                Some('}') => return (out, i + 1),
                None => return (out, i),
                _ => {}
            }
            let (sub, next) = parse_tree(chars, i);
            out.extend(sub);
            i = skip_space(chars, next);
            // Skips `as name` and anything else up to the next item.
            while let Some(c) = chars.get(i) {
                match c {
                    ',' => {
                        i += 1;
                        break;
                    }
                    '}' => break,
                    _ => i += 1,
                }
            }
        }
    }
    let start = i;
    while chars.get(i).is_some_and(|c| is_ident(*c)) {
        i += 1;
    }
    if start == i {
        return (vec![Vec::new()], i);
    }
    let segment: String = chars[start..i].iter().collect();
    let j = skip_space(chars, i);
    if at(chars, j, "::") {
        let (sub, next) = parse_tree(chars, j + 2);
        let paths = sub
            .into_iter()
            .map(|mut p| {
                p.insert(0, segment.clone());
                p
            })
            .collect();
        return (paths, next);
    }
    (vec![vec![segment]], i)
}

/// Records `from → target` between the two siblings under their common parent, if any.
fn add_edge(graph: &mut Graph, from: &[String], target: &[String]) {
    let common = from.iter().zip(target).take_while(|(a, b)| a == b).count();
    if let (Some(a), Some(b)) = (from.get(common), target.get(common)) {
        graph
            .entry(from[..common].to_vec())
            .or_default()
            .entry(a.clone())
            .or_default()
            .insert(b.clone());
    }
}

/// One loop through each group of modules that reach each other.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for start in edges.keys() {
        if reported.contains(start) {
            continue;
        }
        if let Some(path) = path_back(edges, start) {
            reported.extend(path.iter().cloned());
            found.push(path);
        }
    }
    found
}

/// A path from `start` back to itself, found breadth-first.
fn path_back(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_owned()]);
    while let Some(node) = queue.pop_front() {
        for next in edges.get(&node).into_iter().flatten() {
            if next == start {
                let mut path = vec![start.to_owned(), node.clone()];
                let mut at = node.clone();
                while let Some(prev) = came_from.get(&at) {
                    path.push(prev.clone());
                    at = prev.clone();
                }
                let mut loop_path: Vec<String> = path[1..].iter().rev().cloned().collect();
                loop_path.push(start.to_owned());
                return Some(loop_path);
            }
            if next != start && !came_from.contains_key(next) {
                came_from.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}
