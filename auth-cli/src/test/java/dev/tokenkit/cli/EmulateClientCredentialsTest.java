package dev.tokenkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenkit emulate oauth2} with {@code --tls-trust}, {@code --client-keys} and
 * {@code --client-subject}: an HTTPS token endpoint that verifies a private_key_jwt assertion and
 * a TLS client certificate, as a client sees it.
 */
class EmulateClientCredentialsTest {
    private static final Pattern SERVING = Pattern.compile("serving on (https://127\\.0\\.0\\.1:\\d+)");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @TempDir
    Path dir;

    @Test
    @DisplayName("HTTPS with the trust anchor written to --tls-trust; a private_key_jwt assertion and a client certificate get tokens")
    void httpsKeysAndCertificates() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Path publicKey = Files.writeString(dir.resolve("client-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path trust = dir.resolve("trust.pem");
        KeyStore clientCertificate = keytoolCertificate("CN=cli-client,O=Acme");

        try (EmulateCommandTest.Running oauth2 = new EmulateCommandTest.Running("emulate", "oauth2", "--tls-trust",
                trust.toString(), "--client-keys", publicKey.toString(), "--client-subject", "CN=cli-client,O=Acme")) {
            Matcher serving = SERVING.matcher(oauth2.banner());
            assertThat(serving.find()).as(oauth2.out()).isTrue();
            URI tokenEndpoint = URI.create(serving.group(1) + "/oauth2/token");
            assertThat(oauth2.out()).contains("tls trust       " + trust + " (the server's certificate")
                    .contains("verifies        private_key_jwt with the keys in " + publicKey
                            + "; tls_client_auth for the subject CN=cli-client,O=Acme")
                    .contains(" -c tls-trust=" + trust + " ");
            X509Certificate anchor = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(trust));

            String assertion = es256(key, tokenEndpoint.toString());
            HttpResponse<String> byKey = post(client(anchor, null), tokenEndpoint, "grant_type=client_credentials"
                    + "&client_assertion_type=" + URLEncoder.encode(ASSERTION_TYPE, StandardCharsets.UTF_8)
                    + "&client_assertion=" + assertion);
            assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(200);
            assertThat(byKey.body()).contains("\"access_token\":");

            HttpResponse<String> byCertificate = post(client(anchor, clientCertificate), tokenEndpoint,
                    "grant_type=client_credentials&client_id=demo-client");
            assertThat(byCertificate.statusCode()).as(byCertificate.body()).isEqualTo(200);
            HttpResponse<String> without = post(client(anchor, null), tokenEndpoint,
                    "grant_type=client_credentials&client_id=demo-client");
            assertThat(without.statusCode()).isEqualTo(400);
            assertThat(oauth2.stop()).isZero();
        }
    }

    @Test
    @DisplayName("what cannot be served is a usage error naming the fix; --help lists the flags")
    void usage() throws Exception {
        Cli.Result symbl = Cli.run("emulate", "symbl", "--tls-trust", dir.resolve("t.pem").toString());
        assertThat(symbl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(symbl.err()).contains("the symbl emulator serves plain HTTP only");

        Cli.Result noHttps = Cli.run("emulate", "oauth2", "--client-subject", "CN=x");
        assertThat(noHttps.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noHttps.err()).contains("needs HTTPS: give --tls-trust FILE too");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String body = Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        Path privateKey = Files.writeString(dir.resolve("private.pem"), "-----BEGIN PRIVATE KEY-----\n" + body
                + "\n-----END PRIVATE KEY-----\n");
        Cli.Result wrongFile = Cli.run("emulate", "oauth2", "--client-keys", privateKey.toString());
        assertThat(wrongFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongFile.err()).contains("holds a private key; give the server only its public half")
                .doesNotContain(body.substring(0, 40));

        Cli.Result help = Cli.run("emulate", "oauth2", "--help");
        assertThat(help.out()).contains("--tls-trust=FILE", "--client-keys=FILE", "--client-subject=DN",
                "--client-certificate=FILE");
    }

    /** A compact ES256 JWS for the demo client, as a private_key_jwt client signs it. */
    private static String es256(KeyPair key, String audience) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = BASE64URL.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = BASE64URL.encodeToString(("{\"iss\":\"demo-client\",\"sub\":\"demo-client\",\"aud\":\"" + audience
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 60) + ",\"jti\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.getPrivate());
        signer.update((header + '.' + claims).getBytes(StandardCharsets.US_ASCII));
        return header + '.' + claims + '.' + BASE64URL.encodeToString(signer.sign());
    }

    /** A PKCS#12 store with a self-signed EC certificate of this subject, made by the JDK's keytool. */
    private KeyStore keytoolCertificate(String subject) throws Exception {
        Path store = dir.resolve("client.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "client", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", subject, "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "changeit")).redirectErrorStream(true).start();
        try (InputStream output = process.getInputStream()) {
            output.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool ends within 60 s").isTrue();
        assertThat(process.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }

    private static HttpClient client(X509Certificate anchor, KeyStore clientKeys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("anchor", anchor);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = clientKeys;
        if (keys == null) {
            keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
        }
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
