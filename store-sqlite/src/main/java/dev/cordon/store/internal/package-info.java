/** Helpers shared by the store implementations of this bundle; not exported. */
package dev.cordon.store.internal;
