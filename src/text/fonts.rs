//! Fonts, found by family and style. The book names fonts the way a poet knows them
//! ("EB Garamond", italic); this module scans the project's `fonts/` folder, reads each
//! file's `name` table and resolves the request to a face. Every file is read and parsed
//! once per build; faces are shared with the PDF writer through [`FontSource`].

use crate::display::{FontData, FontId, FontSource};
pub(crate) use crate::spec::Style;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The style a face's subfamily name says (`Bold Italic`, `It` …).
fn style_of_subfamily(sub: &str) -> Option<Style> {
    match sub.trim().to_ascii_lowercase().as_str() {
        "regular" | "roman" | "book" => Some(Style::Regular),
        "italic" | "it" => Some(Style::Italic),
        "bold" => Some(Style::Bold),
        "bold italic" | "bolditalic" | "bold it" => Some(Style::BoldItalic),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FontError {
    /// The folder could not be read.
    Folder(PathBuf, String),
    /// No face of that family and style; lists what there is.
    NotFound { family: String, style: Style, available: Vec<String> },
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontError::Folder(p, e) => {
                write!(f, "cannot read the font folder {}: {e}", p.display())
            }
            FontError::NotFound { family, style, available } => {
                write!(f, "no font `{family}` in style {style} in fonts/")?;
                if available.is_empty() {
                    write!(f, "; the folder has no .ttf or .otf files")
                } else {
                    write!(f, "; available: {}", available.join(", "))
                }
            }
        }
    }
}

/// A font file found in the folder, not yet prepared for shaping.
struct Entry {
    family: String,
    style: Option<Style>,
    subfamily: String,
    postscript_name: String,
    data: FontData,
    /// The file it was read from.
    path: PathBuf,
}

type ShapingFace<'a> = rustybuzz::Face<'a>;

self_cell::self_cell!(
    /// A font file's bytes together with the shaping face parsed from them (which borrows
    /// the bytes), kept as one value without any lifetime trickery.
    struct OwnedFace {
        owner: FontData,
        #[covariant]
        dependent: ShapingFace,
    }
);

/// A face ready for shaping.
pub struct Face {
    face: OwnedFace,
    pub family: String,
    pub style: Style,
    pub postscript_name: String,
    /// The file the face was read from.
    file: PathBuf,
    /// [`super::words::space_is_inert`], worked out when the face is loaded, before any
    /// layout thread can ask (threads that waited for a lazy answer slept, and a sleeping
    /// thread took up to 2 ms to wake here).
    space_inert: bool,
}

impl Face {
    fn new(entry: &Entry, style: Style) -> Option<Face> {
        let face =
            OwnedFace::try_new(entry.data.clone(), |data| rustybuzz::Face::from_slice((**data).as_ref(), 0).ok_or(()))
                .ok()?;
        Some(Face {
            space_inert: super::words::space_is_inert(face.borrow_dependent()),
            face,
            family: entry.family.clone(),
            style,
            postscript_name: entry.postscript_name.clone(),
            file: entry.path.clone(),
        })
    }

    /// The shaping face (ttf-parser's face through `Deref`).
    pub fn rb(&self) -> &rustybuzz::Face<'_> {
        self.face.borrow_dependent()
    }

    /// Whether lines in this face may be shaped word by word ([`super::words`]).
    pub fn space_is_inert(&self) -> bool {
        self.space_inert
    }

    pub fn units_per_em(&self) -> f32 {
        self.rb().units_per_em() as f32
    }

    /// Height of the lowercase x above the baseline, in em (fallback 0.45).
    pub fn x_height(&self) -> f32 {
        self.rb().x_height().map(|h| h as f32 / self.units_per_em()).unwrap_or(0.45)
    }

    /// Whether the face maps this character to a real glyph.
    pub fn has_char(&self, c: char) -> bool {
        self.rb().glyph_index(c).is_some()
    }

    pub fn source(&self) -> FontSource {
        FontSource {
            postscript_name: self.postscript_name.clone(),
            data: self.face.borrow_owner().clone(),
            index: 0,
            units_per_em: self.rb().units_per_em() as u16,
            file: self.file.clone(),
        }
    }
}

/// All fonts of a project: the catalogue of files and the faces in use. A [`FontId`] is
/// the index of a face in use, in the order first asked for (so it is deterministic).
pub struct FontBook {
    entries: Vec<Entry>,
    faces: Vec<Face>,
    /// `[type] fallback`: the families, in the poet's order.
    fallback: Vec<String>,
    /// The fallback faces loaded (a face is loaded only once a character of the book needs
    /// it), with the place of their family in `fallback`, in that order.
    fallback_faces: Vec<(usize, FontId)>,
    /// Files in the folder that look like fonts but were not read, and why: named when a
    /// family is missing, so a poet whose font is one of them learns what to do.
    skipped: Vec<(PathBuf, &'static str)>,
}

impl FontBook {
    /// Reads every `.ttf`/`.otf` under `dir` (recursively, in sorted order), mapped.
    pub fn scan(dir: &Path) -> Result<FontBook, FontError> {
        Self::scan_as(dir, FontFiles::Mapped)
    }

    /// [`FontBook::scan`], reading the files as `how` says.
    pub fn scan_as(dir: &Path, how: FontFiles) -> Result<FontBook, FontError> {
        let mut files = Vec::new();
        collect_font_files(dir, &mut files).map_err(|e| FontError::Folder(dir.to_path_buf(), e.to_string()))?;
        files.sort();
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        for path in files {
            let collection = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("ttc") || e.eq_ignore_ascii_case("otc"));
            if collection {
                skipped.push((
                    path,
                    "a font collection (.ttc), which chapbook cannot read: use the family's .otf or .ttf files",
                ));
                continue;
            }
            // A font is a few megabytes; skip anything absurd rather than read it whole.
            if std::fs::metadata(&path).map_or(true, |m| m.len() > MAX_FONT_BYTES) {
                skipped.push((path, "larger than 64 MB, more than any font"));
                continue;
            }
            let Some(bytes) = map_file(&path, how) else {
                skipped.push((path, "could not be read"));
                continue;
            };
            match read_entry(bytes, &path) {
                Some(entry) => entries.push(entry),
                None => skipped.push((path, "not a font file chapbook can read")),
            }
        }
        Ok(FontBook { entries, faces: Vec::new(), fallback: Vec::new(), fallback_faces: Vec::new(), skipped })
    }

    /// The face of `family` in `style` if it is already loaded (no loading: usable from
    /// several threads once every face a book needs has been resolved).
    pub fn find(&self, family: &str, style: Style) -> Option<FontId> {
        let wanted = family.trim().to_ascii_lowercase();
        self.faces.iter().position(|f| f.family.to_ascii_lowercase() == wanted && f.style == style).map(FontId::new)
    }

    /// The face of `family` in `style`, loading it on first use.
    pub fn resolve(&mut self, family: &str, style: Style) -> Result<FontId, FontError> {
        if let Some(id) = self.find(family, style) {
            return Ok(id);
        }
        let wanted = family.trim().to_ascii_lowercase();
        let entry = self.entries.iter().find(|e| e.family.to_ascii_lowercase() == wanted && e.style == Some(style));
        match entry.and_then(|e| Face::new(e, style)) {
            Some(face) => {
                self.faces.push(face);
                Ok(FontId::new(self.faces.len() - 1))
            }
            None => Err(FontError::NotFound { family: family.to_string(), style, available: self.available() }),
        }
    }

    /// Declares the fallback families (`[type] fallback`), in order. Nothing is read yet.
    pub fn set_fallback(&mut self, families: &[String]) {
        self.fallback = families.to_vec();
    }

    /// The fallback families declared.
    pub fn fallback_families(&self) -> &[String] {
        &self.fallback
    }

    /// Makes sure `c`, which the face `main` lacks, can be set: loads the first fallback
    /// family whose regular face (or any face) maps it, unless already loaded. A family's
    /// file is only looked into (its `cmap`) until one has the character; it is loaded for
    /// shaping, and so embedded, only if it does. Returns the face, or None if no fallback
    /// has it.
    pub fn load_fallback_for(&mut self, main: FontId, c: char) -> Option<FontId> {
        if self.fallback.is_empty() || self.face(main).has_char(c) {
            return None;
        }
        if let Some(id) = self.fallback_for(c) {
            return Some(id);
        }
        for (order, family) in self.fallback.clone().iter().enumerate() {
            if self.fallback_faces.iter().any(|&(o, _)| o == order) {
                continue; // loaded, and `fallback_for` found it lacks `c`
            }
            let wanted = family.trim().to_ascii_lowercase();
            let mut files = self.entries.iter().filter(|e| e.family.to_ascii_lowercase() == wanted);
            let Some(entry) = files.clone().find(|e| e.style == Some(Style::Regular)).or_else(|| files.next()) else {
                continue;
            };
            let has = ttf_parser::Face::parse((*entry.data).as_ref(), 0).is_ok_and(|f| f.glyph_index(c).is_some());
            if !has {
                continue;
            }
            let style = entry.style.unwrap_or(Style::Regular);
            let face = Face::new(entry, style)?;
            let id = match self.find(&face.family, style) {
                Some(id) => id,
                None => {
                    self.faces.push(face);
                    FontId::new(self.faces.len() - 1)
                }
            };
            let at = self.fallback_faces.partition_point(|&(o, _)| o < order);
            self.fallback_faces.insert(at, (order, id));
            return Some(id);
        }
        None
    }

    /// The loaded fallback face that sets `c`: the first in the poet's order that has it.
    pub fn fallback_for(&self, c: char) -> Option<FontId> {
        self.fallback_faces.iter().map(|&(_, id)| id).find(|&id| self.face(id).has_char(c))
    }

    /// Whether `id` is a fallback face (loaded for characters a block's face lacks).
    pub fn is_fallback(&self, id: FontId) -> bool {
        self.fallback_faces.iter().any(|&(_, f)| f == id)
    }

    /// Whether any fallback face is loaded (if not, every character comes from its block's
    /// own face and shaping takes no detour).
    pub fn has_fallback_faces(&self) -> bool {
        !self.fallback_faces.is_empty()
    }

    /// "Family (subfamily)" for every file found, for error messages.
    pub fn available(&self) -> Vec<String> {
        self.entries.iter().map(|e| format!("{} ({})", e.family, e.subfamily)).collect()
    }

    /// Whether any file of this family exists, in any style.
    pub fn has_family(&self, family: &str) -> bool {
        let wanted = family.trim().to_ascii_lowercase();
        self.entries.iter().any(|e| e.family.to_ascii_lowercase() == wanted)
    }

    /// Whether a file of this family in this style exists.
    pub fn has_face(&self, family: &str, style: Style) -> bool {
        let wanted = family.trim().to_ascii_lowercase();
        self.entries.iter().any(|e| e.family.to_ascii_lowercase() == wanted && e.style == Some(style))
    }

    /// Files of the folder that were not read as fonts, and why.
    pub fn skipped(&self) -> &[(PathBuf, &'static str)] {
        &self.skipped
    }

    /// The family names found, sorted, each once.
    pub fn families(&self) -> Vec<String> {
        let mut v: Vec<String> = self.entries.iter().map(|e| e.family.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// The styles a family comes in, sorted.
    pub fn styles(&self, family: &str) -> Vec<Style> {
        let wanted = family.trim().to_ascii_lowercase();
        let mut v: Vec<Style> =
            self.entries.iter().filter(|e| e.family.to_ascii_lowercase() == wanted).filter_map(|e| e.style).collect();
        v.sort();
        v.dedup();
        v
    }

    /// The face `id` names.
    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[id.index()]
    }

    /// The faces in use, as the display list's font table.
    pub fn sources(&self) -> Vec<FontSource> {
        self.faces.iter().map(Face::source).collect()
    }

    /// Families and styles in use, for the colophon.
    pub fn in_use(&self) -> impl Iterator<Item = &Face> {
        self.faces.iter()
    }
}

/// Largest font file read (the largest CJK families are ~20 MB).
const MAX_FONT_BYTES: u64 = 64 << 20;
/// How deep `fonts/` is searched; also stops a symlink loop (`fonts/loop -> .`).
const MAX_FONT_DEPTH: usize = 8;

/// Font files under `dir`. Symlinks are followed (a project may link `fonts/` to a shared
/// folder, as the test fixture does); no path here comes from the TOML.
fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    collect_font_files_at(dir, out, 0)
}

fn collect_font_files_at(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if depth < MAX_FONT_DEPTH {
                // An unreadable subfolder is skipped, not fatal: the top folder was read.
                let _ = collect_font_files_at(&path, out, depth + 1);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].iter().any(|x| e.eq_ignore_ascii_case(x)))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// How a font scan reads the files. Long-running commands (`watch`, `serve`) read them
/// [`FontFiles::Whole`]: a mapped file that another program truncates or rewrites in
/// place (`cp new.ttf fonts/`, `curl -o`) while a build reads it kills the process with
/// SIGBUS; a copy cannot change under the build. One-shot builds keep the maps, which read
/// only the tables a build touches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FontFiles {
    /// Memory-mapped: only the tables the build touches are read from disk.
    #[default]
    Mapped,
    /// Read into memory whole.
    Whole,
}

/// The file's bytes: memory-mapped, so that only the tables the build touches are read
/// from disk (a scan reads just the `name` table of faces it does not use), or read whole
/// ([`FontFiles::Whole`]). Falls back to reading when the file cannot be mapped.
fn map_file(path: &Path, how: FontFiles) -> Option<FontData> {
    let read = || std::fs::read(path).ok().map(|v| Arc::new(v) as FontData);
    if how == FontFiles::Whole {
        return read();
    }
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the map is read-only and private to this process. A font file truncated by
    // another program during the build could fault; one-shot builds take that risk for
    // speed (tools that install fonts write a new file and rename it), while the
    // processes that outlive an edit read files whole (`FontFiles::Whole`).
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Some(Arc::new(map)),
        Err(_) => read(),
    }
}

fn read_entry(data: FontData, path: &Path) -> Option<Entry> {
    let face = ttf_parser::Face::parse((*data).as_ref(), 0).ok()?;
    let name = |ids: &[u16]| -> Option<String> {
        ids.iter().find_map(|id| face.names().into_iter().filter(|n| n.name_id == *id).find_map(|n| n.to_string()))
    };
    let family = name(&[16, 1])?;
    let subfamily = name(&[17, 2]).unwrap_or_else(|| "Regular".into());
    let postscript_name = name(&[6]).unwrap_or_else(|| family.replace(' ', ""));
    let style = style_of_subfamily(&subfamily);
    Some(Entry { family, style, subfamily, postscript_name, data, path: path.to_path_buf() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_font_read_whole_survives_the_file_being_truncated() {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let file = dir.path().join("face.ttf");
        std::fs::copy(root.join("fonts/eb-garamond/EBGaramond_400Regular.ttf"), &file).unwrap();
        let mut book = FontBook::scan_as(dir.path(), FontFiles::Whole).unwrap();
        let id = book.resolve("EB Garamond", Style::Regular).unwrap();
        // Rewritten in place, as `cp` or `curl -o` do: a mapped face would now fault
        // (SIGBUS) on its next read of a page that is no longer in the file.
        std::fs::write(&file, b"").unwrap();
        let face = book.face(id);
        assert!(face.has_char('q'));
        let glyph = face.rb().glyph_index('W').unwrap();
        assert!(face.rb().glyph_hor_advance(glyph).unwrap() > 0);
        assert_eq!(face.source().data.as_ref().as_ref().len(), 489640);
    }

    #[test]
    fn files_not_read_as_fonts_are_remembered_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Serif CJK.ttc"), b"ttcf").unwrap();
        std::fs::write(dir.path().join("broken.otf"), b"not a font").unwrap();
        let book = FontBook::scan(dir.path()).unwrap();
        let why: Vec<(String, &str)> =
            book.skipped().iter().map(|(p, w)| (p.file_name().unwrap().to_string_lossy().into_owned(), *w)).collect();
        assert_eq!(why.len(), 2, "{why:?}");
        assert!(why.iter().any(|(n, w)| n == "Serif CJK.ttc" && w.contains("collection")), "{why:?}");
        assert!(why.iter().any(|(n, w)| n == "broken.otf" && w.contains("not a font")), "{why:?}");
    }
}
