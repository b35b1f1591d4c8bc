//! A fake of the server's HTTP API inside the test page: `window.fetch` answers from a table
//! the test fills, so components run as against a server, without a request failing in the
//! test runner, and the test can count what was asked.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Request, Response, ResponseInit, Url};

/// One answer of the table.
struct Answer {
    method: String,
    path: String,
    status: u16,
    body: String,
}

#[derive(Default)]
struct Table {
    answers: Vec<Answer>,
    /// Every request, as `METHOD /path?query`, in order.
    asked: Vec<String>,
}

/// The fake, installed in place of `window.fetch` until dropped.
pub struct FakeApi {
    table: Rc<RefCell<Table>>,
    original: JsValue,
    _fetch: Closure<dyn FnMut(JsValue) -> js_sys::Promise>,
}

impl FakeApi {
    /// Replaces `window.fetch`; every request without an answer gets a JSON 404.
    pub fn install() -> Self {
        let window = web_sys::window().unwrap();
        let original = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
        let table: Rc<RefCell<Table>> = Rc::default();
        let fetch = {
            let table = table.clone();
            Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |input: JsValue| {
                let request: Request = input.unchecked_into();
                let url = Url::new(&request.url()).unwrap();
                let path = format!("{}{}", url.pathname(), url.search());
                let method = request.method();
                let mut table = table.borrow_mut();
                table.asked.push(format!("{method} {path}"));
                let (status, body) = table
                    .answers
                    .iter()
                    .rev()
                    .find(|a| a.method == method && a.path == path)
                    .map(|a| (a.status, a.body.clone()))
                    .unwrap_or_else(|| {
                        let message = format!("no fake answer for {method} {path}");
                        (
                            404,
                            format!(r#"{{"error":{{"code":"not_found","message":"{message}"}}}}"#),
                        )
                    });
                let init = ResponseInit::new();
                init.set_status(status);
                let body = (status != 204).then_some(body);
                let response = Response::new_with_opt_str_and_init(body.as_deref(), &init).unwrap();
                js_sys::Promise::resolve(&JsValue::from(response))
            })
        };
        js_sys::Reflect::set(&window, &"fetch".into(), fetch.as_ref()).unwrap();
        Self { table, original, _fetch: fetch }
    }

    /// Answers `method path` (with its query string, if any) with this status and JSON body;
    /// a later answer for the same request replaces an earlier one.
    pub fn answer(&self, method: &str, path: &str, status: u16, body: &impl Serialize) {
        self.table.borrow_mut().answers.push(Answer {
            method: method.to_owned(),
            path: format!("{}{path}", parlons_api::API_PREFIX),
            status,
            body: serde_json::to_string(body).unwrap(),
        });
    }

    /// Answers with an error envelope.
    pub fn fail(&self, method: &str, path: &str, status: u16, message: &str) {
        let body = parlons_api::ErrorBody::new(parlons_api::ErrorCode::Internal, message);
        self.answer(method, path, status, &body);
    }

    /// How many times `method path` was asked.
    pub fn count(&self, method: &str, path: &str) -> usize {
        let asked = format!("{method} {}{path}", parlons_api::API_PREFIX);
        self.table.borrow().asked.iter().filter(|a| **a == asked).count()
    }

    /// The requests that got no answer from the table.
    pub fn unanswered(&self) -> Vec<String> {
        let table = self.table.borrow();
        table
            .asked
            .iter()
            .filter(|asked| {
                !table.answers.iter().any(|a| **asked == format!("{} {}", a.method, a.path))
            })
            .cloned()
            .collect()
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"fetch".into(), &self.original);
        }
    }
}
