//! A checked tree packed into bytes, for the regions a build holds but does not need yet.
//!
//! A parsed file takes about five times the memory of its text; a project with hundreds of
//! regions would hold every region's tree for the whole build. Packed, a tree takes about
//! the size of its text (keys and strings inline, positions as small numbers), and it is
//! unpacked in microseconds, far faster than parsing the file again. Unpacking gives back
//! exactly the tree that was packed: same values, same positions, same key order
//! (`tests::round_trip`).

use std::sync::Arc;

use super::node::{Entry, Node, Pos, Table, Value};

const STR: u8 = 0;
const INT: u8 = 1;
const FLOAT: u8 = 2;
const FALSE: u8 = 3;
const TRUE: u8 = 4;
const DATE: u8 = 5;
const ARRAY: u8 = 6;
const TABLE: u8 = 7;

/// A tree of one file, packed.
#[derive(Debug, Clone)]
pub struct Packed {
    file: Arc<str>,
    bytes: Box<[u8]>,
}

impl Packed {
    /// Packs `node`, every position of which is in `file`; `None` if one is elsewhere.
    pub fn pack(node: &Node, file: &Arc<str>) -> Option<Packed> {
        let mut bytes = Vec::with_capacity(4096);
        write_node(node, file, &mut bytes)?;
        Some(Packed {
            file: Arc::clone(file),
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// The tree that was packed.
    pub fn unpack(&self) -> Node {
        let mut reader = Reader {
            bytes: &self.bytes,
            at: 0,
            file: &self.file,
        };
        // Only `pack` writes these bytes, so they always read back.
        reader
            .node()
            .unwrap_or_else(|| Node::new(Value::Table(Arc::default()), Pos::file_start(&self.file)))
    }
}

fn write_varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn write_str(s: &str, out: &mut Vec<u8>) {
    write_varint(s.len() as u64, out);
    out.extend_from_slice(s.as_bytes());
}

fn write_pos(pos: &Pos, file: &Arc<str>, out: &mut Vec<u8>) -> Option<()> {
    if *pos.file != **file {
        return None;
    }
    write_varint(u64::from(pos.line), out);
    write_varint(u64::from(pos.column), out);
    Some(())
}

fn write_node(node: &Node, file: &Arc<str>, out: &mut Vec<u8>) -> Option<()> {
    write_pos(&node.pos, file, out)?;
    match &node.value {
        Value::Str(s) => {
            out.push(STR);
            write_str(s, out);
        }
        Value::Date(s) => {
            out.push(DATE);
            write_str(s, out);
        }
        Value::Int(i) => {
            out.push(INT);
            // Zigzag: small negative numbers stay small.
            write_varint(((i << 1) ^ (i >> 63)) as u64, out);
        }
        Value::Float(f) => {
            out.push(FLOAT);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Value::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
        Value::Array(items) => {
            out.push(ARRAY);
            write_varint(items.len() as u64, out);
            for item in items {
                write_node(item, file, out)?;
            }
        }
        Value::Table(t) => {
            out.push(TABLE);
            write_varint(t.len() as u64, out);
            for (k, e) in t.iter() {
                write_str(k, out);
                write_pos(&e.key_pos, file, out)?;
                write_node(&e.node, file, out)?;
            }
        }
    }
    Some(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    file: &'a Arc<str>,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn str(&mut self) -> Option<&str> {
        let len = usize::try_from(self.varint()?).ok()?;
        let end = self.at.checked_add(len)?;
        let s = std::str::from_utf8(self.bytes.get(self.at..end)?).ok()?;
        self.at = end;
        Some(s)
    }

    fn pos(&mut self) -> Option<Pos> {
        let line = u32::try_from(self.varint()?).ok()?;
        let column = u32::try_from(self.varint()?).ok()?;
        Some(Pos::new(self.file, line, column))
    }

    fn node(&mut self) -> Option<Node> {
        let pos = self.pos()?;
        let value = match self.byte()? {
            STR => Value::Str(self.str()?.into()),
            DATE => Value::Date(self.str()?.into()),
            INT => {
                let z = self.varint()?;
                Value::Int(((z >> 1) as i64) ^ -((z & 1) as i64))
            }
            FLOAT => {
                let end = self.at.checked_add(8)?;
                let bits: [u8; 8] = self.bytes.get(self.at..end)?.try_into().ok()?;
                self.at = end;
                Value::Float(f64::from_bits(u64::from_le_bytes(bits)))
            }
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            ARRAY => {
                let n = usize::try_from(self.varint()?).ok()?;
                let mut items = Vec::with_capacity(n.min(self.bytes.len()));
                for _ in 0..n {
                    items.push(self.node()?);
                }
                Value::Array(items)
            }
            TABLE => {
                let n = usize::try_from(self.varint()?).ok()?;
                let mut t =
                    Table::with_capacity_and_hasher(n.min(self.bytes.len()), Default::default());
                for _ in 0..n {
                    let key = self.str()?.to_owned();
                    let key_pos = self.pos()?;
                    let node = self.node()?;
                    t.insert(key, Entry { key_pos, node });
                }
                Value::Table(Arc::new(t))
            }
            _ => return None,
        };
        Some(Node::new(value, pos))
    }
}

#[cfg(test)]
mod tests {
    use super::Packed;
    use crate::model::node::{Node, Pos, Value};
    use std::sync::Arc;

    fn parse(text: &str) -> (Arc<str>, Node) {
        let file: Arc<str> = "cultures/x.toml".into();
        let node = crate::load::parse::parse_toml(&file, text).expect("parses");
        (file, node)
    }

    #[test]
    fn round_trip() {
        let (file, node) = parse(
            "a = \"text ✓\"\nn = -42\nbig = 9223372036854775807\nf = 1.5e300\nz = -0.0\n\
             yes = true\nno = false\nday = 2027-01-01\nlist = [1, \"two\", [3]]\n\
             [t]\n\"odd key\" = { x = 1 }\n[[items]]\nid = \"a\"\n[[items]]\nid = \"b\"\n",
        );
        let packed = Packed::pack(&node, &file).expect("packs");
        let back = packed.unpack();
        assert_eq!(back, node);
        // Key order and positions too.
        let keys = |n: &Node| n.table().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&back), keys(&node));
        assert_eq!(
            back.get("items").unwrap().pos,
            node.get("items").unwrap().pos
        );
    }

    #[test]
    fn nan_survives_bit_for_bit() {
        let file: Arc<str> = "f.toml".into();
        let node = Node::new(Value::Float(f64::NAN), Pos::new(&file, 3, 7));
        let back = Packed::pack(&node, &file).unwrap().unpack();
        let (Value::Float(a), Value::Float(b)) = (&node.value, &back.value) else {
            panic!("a float")
        };
        assert_eq!(a.to_bits(), b.to_bits());
        assert_eq!(back.pos, node.pos);
    }

    #[test]
    fn a_position_in_another_file_is_not_packed() {
        let file: Arc<str> = "a.toml".into();
        let other: Arc<str> = "b.toml".into();
        let node = Node::new(Value::Bool(true), Pos::new(&other, 1, 1));
        assert!(Packed::pack(&node, &file).is_none());
    }
}
