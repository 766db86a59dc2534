package dev.cordon.store.secrets.internal;

import dev.cordon.api.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM: the file is {@code CORDONSEC1}, a fresh 12-byte nonce, then the ciphertext with its
 * 16-byte tag; the header is authenticated too. The key is base64 of 32 bytes read from an environment
 * variable, so it never lives in the data folder. Messages name the variable, never the key.
 */
public final class AesGcmCodec implements SecretsCodec {

    private static final byte[] HEADER = "CORDONSEC1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final String variable;
    private final Path file;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param variable    the environment variable holding the key
     * @param environment where to look it up ({@code System.getenv()} in production)
     * @param file        the secrets file, for messages
     * @throws StoreException when the variable is missing or does not hold base64 of 32 bytes
     */
    public AesGcmCodec(String variable, Map<String, String> environment, Path file) {
        this.variable = variable;
        this.file = file;
        this.key = new SecretKeySpec(readKey(variable, environment.get(variable), file), "AES");
    }

    private static byte[] readKey(String variable, String encoded, Path file) {
        String howTo = " Create a key with: head -c 32 /dev/urandom | base64 — keep it outside the data folder,"
                + " and export it as " + variable + " before starting Cordon.";
        if (encoded == null || encoded.isBlank()) {
            throw new StoreException(
                    file,
                    "The encrypted secrets backend (" + file + ") needs its key in the environment" + " variable "
                            + variable + ", which is not set." + howTo);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new StoreException(
                    file,
                    "The environment variable " + variable + " is not valid base64;" + " it must hold base64 of "
                            + KEY_BYTES + " bytes." + howTo);
        }
        if (bytes.length != KEY_BYTES) {
            throw new StoreException(
                    file,
                    "The environment variable " + variable + " decodes to " + bytes.length
                            + " bytes; it must hold base64 of exactly " + KEY_BYTES + " bytes." + howTo);
        }
        return bytes;
    }

    @Override
    public String backend() {
        return "encrypted";
    }

    @Override
    public byte[] encode(byte[] json) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = cipher.doFinal(json);
            byte[] out = new byte[HEADER.length + NONCE_BYTES + sealed.length];
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            System.arraycopy(nonce, 0, out, HEADER.length, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, HEADER.length + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new StoreException(
                    file,
                    "Encrypting the secrets for " + file + " failed: "
                            + e.getClass().getSimpleName() + ". This JVM may lack AES-GCM support.",
                    e);
        }
    }

    @Override
    public byte[] decode(byte[] stored) {
        if (stored.length < HEADER.length + NONCE_BYTES
                || !Arrays.equals(Arrays.copyOf(stored, HEADER.length), HEADER)) {
            throw new StoreException(
                    file,
                    "The file " + file + " is not an encrypted Cordon secrets file (its header is"
                            + " missing). If it is a plain secrets.json, use the file backend, or move it aside to start empty.");
        }
        byte[] nonce = Arrays.copyOfRange(stored, HEADER.length, HEADER.length + NONCE_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce)
                    .doFinal(stored, HEADER.length + NONCE_BYTES, stored.length - HEADER.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new StoreException(
                    file,
                    "Cannot decrypt " + file + ": it was written with another key than the one in "
                            + variable + ", or it was altered. Set " + variable
                            + " to the key it was written with, or move"
                            + " the file aside and set the secrets again.");
        } catch (GeneralSecurityException e) {
            throw new StoreException(
                    file,
                    "Decrypting " + file + " failed: " + e.getClass().getSimpleName()
                            + ". This JVM may lack AES-GCM support.",
                    e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(HEADER);
        return cipher;
    }

    @Override
    public String toString() {
        return "AesGcmCodec[key from " + variable + "]";
    }
}
