package dev.cordon.store.secrets.internal;

/** How the secrets JSON is turned into the file's bytes and back (plain, or encrypted). */
public interface SecretsCodec {

    /** A short name for messages and {@code toString()}: {@code file} or {@code encrypted}. */
    String backend();

    byte[] encode(byte[] json);

    /** The JSON held by {@code stored}; throws StoreException with advice when it cannot be decoded. */
    byte[] decode(byte[] stored);
}
