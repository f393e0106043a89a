//! The spreadsheet module (`src/bin/sheets.rs`) as the ingestion worker sees
//! it: loaded the first time a spreadsheet arrives, then called synchronously,
//! so spreadsheets go through the same (synchronous) readers as before while
//! the worker most visitors download carries no spreadsheet code.
//!
//! Served, the module is `sheets.wasm` beside the worker; in the single-file
//! build it is in the worker's own script, as gzipped base64 in
//! `self.scrutineerSheetsWasm` (nothing can be fetched from file://).

use std::cell::RefCell;
use std::io::Read;

use base64::Engine;
use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::ingest::WorkbookRead;
use crate::worker::describe;

/// The module's compiled code and the instance being called: a fresh
/// instance replaces one that stopped part-way (its memory is then unknown).
struct Sheets {
    module: WebAssembly::Module,
    instance: Option<Object>,
}

thread_local! {
    static SHEETS: RefCell<Option<Sheets>> = const { RefCell::new(None) };
    /// Why loading failed, said for each spreadsheet until a load succeeds.
    static FAILED: RefCell<Option<String>> = const { RefCell::new(None) };
}

async fn module_bytes() -> Result<Vec<u8>, String> {
    let global = js_sys::global();
    let embedded = Reflect::get(&global, &"scrutineerSheetsWasm".into()).ok();
    if let Some(text) = embedded.and_then(|v| v.as_string()) {
        let packed = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(packed.as_slice())
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        return Ok(bytes);
    }
    let scope: web_sys::WorkerGlobalScope = global.unchecked_into();
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str("sheets.wasm"))
        .await
        .map_err(describe)?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("sheets.wasm: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Loads the module unless it is loaded; a failure is kept, to be given as
/// the reason each spreadsheet cannot be read.
pub async fn load() {
    if SHEETS.with(|s| s.borrow().is_some()) {
        return;
    }
    let loaded = async {
        let bytes = module_bytes().await?;
        let compiled = JsFuture::from(WebAssembly::compile(&Uint8Array::from(bytes.as_slice())))
            .await
            .map_err(describe)?;
        Ok::<_, String>(compiled.unchecked_into::<WebAssembly::Module>())
    }
    .await;
    match loaded {
        Ok(module) => {
            SHEETS.with(|s| {
                *s.borrow_mut() = Some(Sheets {
                    module,
                    instance: None,
                })
            });
            FAILED.with(|f| *f.borrow_mut() = None);
        }
        Err(e) => FAILED.with(|f| *f.borrow_mut() = Some(e)),
    }
}

fn call(exports: &Object, name: &str, args: &[JsValue]) -> Result<f64, String> {
    let function: Function = Reflect::get(exports, &name.into())
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| format!("the spreadsheet module has no {name}"))?;
    let result = match args {
        [] => function.call0(&JsValue::NULL),
        [a] => function.call1(&JsValue::NULL, a),
        _ => return Err(format!("{name}: too many arguments")),
    };
    result
        .map_err(describe)?
        .as_f64()
        .ok_or_else(|| format!("{name} gave no number"))
}

fn memory(exports: &Object) -> Result<JsValue, String> {
    let memory: WebAssembly::Memory = Reflect::get(exports, &"memory".into())
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "the spreadsheet module has no memory".to_string())?;
    Ok(memory.buffer())
}

/// What the module imports: wasm-bindgen's `sheets` build leaves a couple of
/// functions of its own JavaScript, which the module's code never calls (it
/// uses no JavaScript). Each is given a function that fails loudly.
fn imports(module: &WebAssembly::Module) -> Result<Object, String> {
    let imports = Object::new();
    let unexpected = Closure::<dyn Fn()>::new(|| {
        wasm_bindgen::throw_str("the spreadsheet module called for JavaScript it does not have")
    });
    for wanted in WebAssembly::Module::imports(module).iter() {
        let field = |name: &str| {
            Reflect::get(&wanted, &name.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let (module_name, name) = (field("module"), field("name"));
        let group = match Reflect::get(&imports, &module_name.as_str().into()) {
            Ok(group) if group.is_object() => group,
            _ => {
                let group: JsValue = Object::new().into();
                Reflect::set(&imports, &module_name.as_str().into(), &group).map_err(describe)?;
                group
            }
        };
        Reflect::set(&group, &name.into(), unexpected.as_ref()).map_err(describe)?;
    }
    // Lives as long as the worker, like the module.
    unexpected.forget();
    Ok(imports)
}

fn read_with(sheets: &mut Sheets, bytes: &[u8]) -> Result<WorkbookRead, String> {
    if sheets.instance.is_none() {
        let instance = WebAssembly::Instance::new(&sheets.module, &imports(&sheets.module)?)
            .map_err(describe)?;
        sheets.instance = Some(instance.exports());
    }
    let Some(exports) = sheets.instance.clone() else {
        return Err("the spreadsheet module did not start".into());
    };
    let at = call(
        &exports,
        "sheets_input",
        &[JsValue::from(bytes.len() as f64)],
    )?;
    Uint8Array::new_with_byte_offset_and_length(&memory(&exports)?, at as u32, bytes.len() as u32)
        .copy_from(bytes);
    let result = call(&exports, "sheets_read", &[]).inspect_err(|_| {
        // It stopped part-way: the next spreadsheet gets a new instance.
        sheets.instance = None;
    })?;
    let at = call(&exports, "sheets_output", &[])?;
    let json =
        Uint8Array::new_with_byte_offset_and_length(&memory(&exports)?, at as u32, result as u32)
            .to_vec();
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

/// Reads a workbook with the loaded module (see [`load`]).
pub fn read(bytes: &[u8]) -> WorkbookRead {
    let result = SHEETS.with(|s| match s.borrow_mut().as_mut() {
        Some(sheets) => read_with(sheets, bytes)
            .map_err(|e| format!("Scrutineer's spreadsheet reader failed on it ({e})")),
        None => Err(FAILED.with(|f| {
            format!(
                "Scrutineer's spreadsheet reader could not be loaded ({})",
                f.borrow()
                    .clone()
                    .unwrap_or_else(|| "it was not asked for".into())
            )
        })),
    });
    result.unwrap_or_else(|e| WorkbookRead {
        reader_failed: Some(e),
        ..WorkbookRead::default()
    })
}
