package dev.backgroundjobs.internal.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The background-jobs.redis.tls.* keys: read with a rediss:// URL, each wrong value a problem naming its key. */
class TlsConfigTest {

    private static final String TLS_URL = "rediss://app:UrlSecret1@cache.example.com:6380";
    private static final String SECRETS_PATTERN = "Secret1";

    @TempDir
    Path dir;
    Path ca;
    Path cert;
    Path key;
    Path store;

    @BeforeEach
    void files() throws IOException {
        // Their contents are RedisTls's concern (RedisTlsTest); the parser checks that the files can be read.
        ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        cert = Files.writeString(dir.resolve("client.pem"), "cert");
        key = Files.writeString(dir.resolve("client.key"), "key");
        store = Files.writeString(dir.resolve("client.p12"), "store");
    }

    private static BackgroundJobsConfig parse(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigParser.parse(k -> Optional.ofNullable(values.get(k)));
    }

    private static List<String> problems(String... keyValues) {
        List<String> problems = assertThrows(InvalidConfigurationException.class, () -> parse(keyValues)).problems();
        problems.forEach(problem -> assertFalse(problem.contains(SECRETS_PATTERN), "a secret in: " + problem));
        return problems;
    }

    private static String onlyProblem(String... keyValues) {
        List<String> problems = problems(keyValues);
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    @Test
    void aRedissUrlAloneTrustsTheJvmsCasAndVerifiesHostNames() {
        assertEquals(TlsSettings.DEFAULT, parse(ConfigKeys.REDIS_URL, TLS_URL).redis().tlsSettings());
        assertTrue(TlsSettings.DEFAULT.verifyHost());
    }

    @Test
    void everyKeyIsRead() {
        TlsSettings tls = parse(ConfigKeys.REDIS_URL, TLS_URL,
                ConfigKeys.REDIS_TLS_CA_FILE, ca.toString(),
                ConfigKeys.REDIS_TLS_TRUSTSTORE, store.toString(),
                ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD, " Trust Secret1 ",
                ConfigKeys.REDIS_TLS_TRUSTSTORE_TYPE, "JKS",
                ConfigKeys.REDIS_TLS_CERT_FILE, " " + cert + " ",
                ConfigKeys.REDIS_TLS_KEY_FILE, key.toString(),
                ConfigKeys.REDIS_TLS_VERIFY_HOST, "false").redis().tlsSettings();
        assertAll(
                () -> assertEquals(Optional.of(ca), tls.caFile()),
                () -> assertEquals(Optional.of(store), tls.truststore()),
                () -> assertEquals(" Trust Secret1 ", tls.truststorePassword(), "a password is taken as written"),
                () -> assertEquals("JKS", tls.truststoreType()),
                () -> assertEquals(Optional.of(cert), tls.certFile()),
                () -> assertEquals(Optional.of(key), tls.keyFile()),
                () -> assertEquals(Optional.empty(), tls.keystore()),
                () -> assertFalse(tls.verifyHost()));
    }

    @Test
    void aKeyStoreWithItsPasswordIsTheClientCertificate() {
        TlsSettings tls = parse(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_KEYSTORE, store.toString(),
                ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD, "KeySecret1").redis().tlsSettings();
        assertEquals(Optional.of(store), tls.keystore());
        assertEquals("KeySecret1", tls.keystorePassword());
        assertEquals("PKCS12", tls.keystoreType());
        assertTrue(tls.hasClientCertificate());
    }

    @Test
    void tlsKeysWithAPlainRedisUrlAreReported() {
        List<String> problems = problems(ConfigKeys.REDIS_URL, "redis://cache.example.com",
                ConfigKeys.REDIS_TLS_CA_FILE, ca.toString(), ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD, "KeySecret1");
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("BGJ0180E: configuration " + ConfigKeys.REDIS_TLS_CA_FILE), problems.get(0));
        assertTrue(problems.get(1).startsWith("BGJ0180E: configuration " + ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD),
                problems.get(1));
    }

    @Test
    void aFileThatIsNotThereIsReportedWithItsKey() {
        String problem = onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_CA_FILE,
                dir.resolve("missing.pem").toString());
        assertTrue(problem.startsWith("BGJ0010E: configuration " + ConfigKeys.REDIS_TLS_CA_FILE + "='"
                + dir.resolve("missing.pem") + "'"), problem);
        assertTrue(problem.contains("readable file"), problem);
    }

    @Test
    void aDirectoryIsNotAFile() {
        String problem = onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_TRUSTSTORE, dir.toString());
        assertTrue(problem.contains(ConfigKeys.REDIS_TLS_TRUSTSTORE + "='" + dir + "'"), problem);
    }

    @Test
    void aCertificateWithoutItsKeyIsReported() {
        assertEquals("BGJ0181E: configuration " + ConfigKeys.REDIS_TLS_CERT_FILE + " is set without "
                        + ConfigKeys.REDIS_TLS_KEY_FILE + "; set both",
                onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_CERT_FILE, cert.toString()));
        assertTrue(onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_KEY_FILE, key.toString())
                .startsWith("BGJ0181E: configuration " + ConfigKeys.REDIS_TLS_KEY_FILE + " is set without "
                        + ConfigKeys.REDIS_TLS_CERT_FILE));
    }

    @Test
    void aKeyStoreWithoutItsPasswordIsReported() {
        assertTrue(onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_KEYSTORE, store.toString())
                .startsWith("BGJ0181E: configuration " + ConfigKeys.REDIS_TLS_KEYSTORE + " is set without "
                        + ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD));
    }

    @Test
    void aPasswordWithoutItsStoreIsReportedWithoutShowingIt() {
        List<String> problems = problems(ConfigKeys.REDIS_URL, TLS_URL,
                ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD, "TrustSecret1", ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD, "KeySecret1");
        assertEquals(List.of(
                "BGJ0181E: configuration " + ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD + " is set without "
                        + ConfigKeys.REDIS_TLS_TRUSTSTORE + "; set both",
                "BGJ0181E: configuration " + ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD + " is set without "
                        + ConfigKeys.REDIS_TLS_KEYSTORE + "; set both"), problems);
    }

    @Test
    void twoClientCertificatesAreReported() {
        assertTrue(onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_KEYSTORE, store.toString(),
                ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD, "KeySecret1", ConfigKeys.REDIS_TLS_CERT_FILE, cert.toString(),
                ConfigKeys.REDIS_TLS_KEY_FILE, key.toString())
                .startsWith("BGJ0182E: configuration " + ConfigKeys.REDIS_TLS_KEYSTORE + " and "
                        + ConfigKeys.REDIS_TLS_CERT_FILE + " are both set"));
    }

    @Test
    void anUnknownStoreTypeIsReported() {
        String problem = onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_TRUSTSTORE_TYPE, "PEMX");
        assertTrue(problem.startsWith("BGJ0010E: configuration " + ConfigKeys.REDIS_TLS_TRUSTSTORE_TYPE + "='PEMX'"),
                problem);
    }

    @Test
    void verifyHostIsTrueOrFalse() {
        assertTrue(onlyProblem(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_TLS_VERIFY_HOST, "no")
                .startsWith("BGJ0010E: configuration " + ConfigKeys.REDIS_TLS_VERIFY_HOST + "='no'"));
    }

    /** RedisSettings is what the module may print about its connection: never a password, of any kind. */
    @Test
    void noPasswordInTheSettingsText() {
        RedisSettings redis = parse(ConfigKeys.REDIS_URL, TLS_URL, ConfigKeys.REDIS_USER, "worker",
                ConfigKeys.REDIS_PASSWORD, "KeySecret1x",
                ConfigKeys.REDIS_TLS_TRUSTSTORE, store.toString(), ConfigKeys.REDIS_TLS_TRUSTSTORE_PASSWORD, "TrustSecret1",
                ConfigKeys.REDIS_TLS_KEYSTORE, store.toString(), ConfigKeys.REDIS_TLS_KEYSTORE_PASSWORD, "StoreSecret1")
                .redis();
        assertEquals("rediss://cache.example.com:6380/0 as worker (TLS trusting PKCS12 trust store " + store
                + ", client certificate from PKCS12 key store " + store + ", host names verified)", redis.toString());
        assertFalse(redis.tlsSettings().toString().contains(SECRETS_PATTERN));
    }
}
