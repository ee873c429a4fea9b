//! Disjoint sets (union-find): which items are tied together. The solver
//! uses it to split a model into blocks, a roster into groups of people,
//! and a neighbourhood's model into the part its free choices reach.

/// A partition of `0..n`, merged by [`DisjointSets::join`].
pub(super) struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    /// Every item alone.
    pub(super) fn new(n: usize) -> DisjointSets {
        DisjointSets { parent: (0..n).collect() }
    }

    /// The representative of `i`'s set.
    pub(super) fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Puts `a` and `b` in one set.
    pub(super) fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.parent[a] = b;
    }

    /// Puts every item of `items` in one set.
    pub(super) fn join_all(&mut self, items: &[usize]) {
        for w in items.windows(2) {
            self.join(w[0], w[1]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_items_share_a_root_and_others_do_not() {
        let mut sets = DisjointSets::new(6);
        sets.join_all(&[0, 2, 4]);
        sets.join(1, 3);
        assert_eq!(sets.root(0), sets.root(4));
        assert_eq!(sets.root(1), sets.root(3));
        assert_ne!(sets.root(0), sets.root(1));
        assert_eq!(sets.root(5), 5);
    }
}
