package dev.tokenkit.google;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.internal.keys.KeyFiles;
import dev.tokenkit.internal.keys.KeyMaterial;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Google service-account key file, the JSON the Google Cloud console hands out:
 * {@code client_email}, {@code private_key} (PKCS#8 PEM), {@code private_key_id} and
 * {@code token_uri}. Read once, when the provider is made; every problem is a
 * {@link ProviderConfigurationException} naming the option and the fix, never key material.
 * {@link #toString()} shows the email and key id only.
 */
final class ServiceAccountKey {
    private final String clientEmail;
    private final String privateKeyId;
    private final Optional<URI> tokenUri;
    private final KeyMaterial key;

    private ServiceAccountKey(String clientEmail, String privateKeyId, Optional<URI> tokenUri, KeyMaterial key) {
        this.clientEmail = clientEmail;
        this.privateKeyId = privateKeyId;
        this.tokenUri = tokenUri;
        this.key = key;
    }

    /**
     * Reads and checks a key file, warning when group or others may read it.
     *
     * @param providerId the provider id, for errors
     * @param option     the option that names the file, for errors
     * @param file       the key file
     * @return the key
     * @throws ProviderConfigurationException when the file cannot be read or is not a service-account key
     */
    static ServiceAccountKey read(String providerId, String option, Path file) {
        return parse(providerId, option, "the file " + file, KeyFiles.readKeyText(option, file));
    }

    /**
     * Reads and checks a key given as text (the JSON itself, held in a secret option).
     *
     * @param providerId the provider id, for errors
     * @param option     the option that holds the JSON, for errors
     * @param json       the key file's content
     * @return the key
     * @throws ProviderConfigurationException when the text is not a service-account key
     */
    static ServiceAccountKey parse(String providerId, String option, String json) {
        return parse(providerId, option, "its value", json);
    }

    private static ServiceAccountKey parse(String providerId, String option, String where, String text) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw problem(providerId, option, where, "is not a JSON object; download the service account's key as JSON");
        }
        Optional<String> type = field(json, "type");
        if (type.isPresent() && !type.get().equals("service_account")) {
            throw problem(providerId, option, where, "is not a service-account key (its type is not service_account);"
                    + " user credentials and external-account configurations are not supported");
        }
        String email = required(providerId, option, where, json, "client_email");
        String keyId = required(providerId, option, where, json, "private_key_id");
        String pem = required(providerId, option, where, json, "private_key");
        Optional<URI> tokenUri = field(json, "token_uri").map(value -> {
            try {
                URI uri = URI.create(value);
                if (!uri.isAbsolute()) {
                    throw new IllegalArgumentException("relative");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw problem(providerId, option, where, "has a token_uri that is not an absolute URI; set token-uri");
            }
        });
        KeyMaterial key = KeyFiles.readPem(option + " (private_key of " + where + ")", pem, Optional.empty());
        if (!key.privateKey().getAlgorithm().equals("RSA")) {
            throw problem(providerId, option, where, "has a private_key that is not an RSA key; Google service-account"
                    + " keys are RSA (RS256)");
        }
        return new ServiceAccountKey(email, keyId, tokenUri, key);
    }

    String clientEmail() {
        return clientEmail;
    }

    String privateKeyId() {
        return privateKeyId;
    }

    Optional<URI> tokenUri() {
        return tokenUri;
    }

    KeyMaterial key() {
        return key;
    }

    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + ", kid " + privateKeyId + "]";
    }

    private static Optional<String> field(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
    }

    private static String required(String providerId, String option, String where, JsonObject json, String name) {
        return field(json, name).filter(v -> !v.isBlank()).orElseThrow(() -> problem(providerId, option, where,
                "has no '" + name + "'; download the service account's key again (IAM, Service accounts, Keys, Add key,"
                        + " JSON)"));
    }

    private static ProviderConfigurationException problem(String providerId, String option, String where, String what) {
        return new ProviderConfigurationException(providerId, "option '" + option + "': " + where + " " + what);
    }
}
