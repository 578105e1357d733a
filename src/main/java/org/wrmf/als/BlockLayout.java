package org.wrmf.als;

/**
 * Which block a dense index belongs to and where inside it: index i lives in block {@code i % blocks}
 * at local index {@code i / blocks}. Round-robin keeps blocks the same size whatever the id order,
 * and block b's local index l is the global index {@code l * blocks + b}.
 */
final class BlockLayout {
    private BlockLayout() {}

    static int blockOf(int index, int blocks) {
        return index % blocks;
    }

    static int localOf(int index, int blocks) {
        return index / blocks;
    }

    static int globalOf(int block, int local, int blocks) {
        return local * blocks + block;
    }

    /** Number of indices among 0 .. count-1 that fall in the block. */
    static int sizeOf(int block, int count, int blocks) {
        return count > block ? (count - 1 - block) / blocks + 1 : 0;
    }
}
