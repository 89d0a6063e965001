//! Tests for the PDF writer.
