//! The spreadsheet module: `calamine` and the table finder, built as a plain
//! WebAssembly module (no JavaScript of its own) that the ingestion worker
//! loads only when a spreadsheet arrives (`scrutineer::sheets_module`), so
//! the worker every visitor downloads leaves `calamine` out.
//!
//! Its calls: `sheets_input(len)` gives where to write a workbook's bytes,
//! `sheets_read()` reads them and gives the length of the JSON answer (a
//! `WorkbookRead`), which `sheets_output()` points at. Natively it is an
//! empty program, so `cargo build` builds everything.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
mod calls {
    use std::cell::RefCell;

    thread_local! {
        static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    #[no_mangle]
    pub extern "C" fn sheets_input(len: usize) -> *mut u8 {
        INPUT.with(|input| {
            let mut input = input.borrow_mut();
            *input = vec![0; len];
            input.as_mut_ptr()
        })
    }

    #[no_mangle]
    pub extern "C" fn sheets_read() -> usize {
        let bytes = INPUT.with(|input| std::mem::take(&mut *input.borrow_mut()));
        let read = scrutineer::ingest::read_workbook(&bytes);
        drop(bytes);
        // A WorkbookRead is strings and numbers: it always serialises.
        let json = serde_json::to_vec(&read).unwrap_or_default();
        OUTPUT.with(|output| {
            let mut output = output.borrow_mut();
            *output = json;
            output.len()
        })
    }

    #[no_mangle]
    pub extern "C" fn sheets_output() -> *const u8 {
        OUTPUT.with(|output| output.borrow().as_ptr())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
