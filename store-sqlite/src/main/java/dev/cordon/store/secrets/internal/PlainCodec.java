package dev.cordon.store.secrets.internal;

/** The original's layout: the JSON itself, protected by file permissions only. */
public final class PlainCodec implements SecretsCodec {

    @Override
    public String backend() {
        return "file";
    }

    @Override
    public byte[] encode(byte[] json) {
        return json;
    }

    @Override
    public byte[] decode(byte[] stored) {
        return stored;
    }
}
