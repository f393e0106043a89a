//! Turning files into data: recognise what a file is, parse it, and say clearly
//! what could not be read and where.

pub mod number;
pub mod police_uk_street;
pub mod position;
pub mod problem;
pub mod records;
pub mod sniff;
pub mod text;
