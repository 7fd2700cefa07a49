package dev.backgroundjobs.internal.redis;

import dev.backgroundjobs.internal.config.InvalidConfigurationException;
import dev.backgroundjobs.internal.config.TlsSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.exceptions.JedisConnectionException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RedisTls against a real TLS server socket on loopback that demands a client certificate: certificates made here
 * by the JDK's keytool (self-signed, so each is its own CA), the client's trust and certificate given as PEM files or
 * as PKCS12 stores.
 */
class RedisTlsTest {

    private static final String STORE_PASSWORD = "StoreSecret1";

    @TempDir
    static Path dir;
    static Path serverStore;
    static Path serverPem;
    static Path otherCaPem;
    static Path clientStore;
    static Path clientPem;
    static Path clientKey;
    static SSLServerSocket server;
    static final ExecutorService ACCEPTOR = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void certificatesAndServer() throws Exception {
        serverStore = keytool("server", "CN=localhost", "san=dns:localhost");
        Path otherStore = keytool("other", "CN=Other CA", "bc:c");
        clientStore = keytool("client", "CN=bgj-client", "eku=clientAuth");
        serverPem = pem(serverStore, "server", "server.pem");
        otherCaPem = pem(otherStore, "other", "other.pem");
        clientPem = pem(clientStore, "client", "client.pem");
        clientKey = dir.resolve("client.key");
        KeyStore client = load(clientStore);
        Files.writeString(clientKey, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
                        client.getKey("client", STORE_PASSWORD.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(serverStore), STORE_PASSWORD.toCharArray());
        KeyStore clients = KeyStore.getInstance("PKCS12");
        clients.load(null, null);
        clients.setCertificateEntry("client", client.getCertificate("client"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clients);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
    }

    @AfterAll
    static void closeServer() throws IOException {
        ACCEPTOR.shutdownNow();
        server.close();
    }

    private static TlsSettings pemSettings(Path ca, boolean verifyHost) {
        return new TlsSettings(Optional.of(ca), Optional.empty(), null, "PKCS12", Optional.of(clientPem),
                Optional.of(clientKey), Optional.empty(), null, "PKCS12", verifyHost);
    }

    @Test
    void aPemCaAndAPemClientCertificateMakeTheHandshake() throws Exception {
        assertEquals("CN=bgj-client", handshake(RedisTls.of(pemSettings(serverPem, true)), "localhost"));
    }

    @Test
    void storesWithPasswordsMakeTheHandshake() throws Exception {
        TlsSettings stores = new TlsSettings(Optional.empty(), Optional.of(serverStore), STORE_PASSWORD, "PKCS12",
                Optional.empty(), Optional.empty(), Optional.of(clientStore), STORE_PASSWORD, "PKCS12", true);
        assertEquals("CN=bgj-client", handshake(RedisTls.of(stores), "localhost"));
    }

    @Test
    void aServerCertificateOfAnotherCaFailsTheHandshakeAndSaysWhatToCheck() {
        Exception failure = assertThrows(SSLHandshakeException.class,
                () -> handshake(RedisTls.of(pemSettings(otherCaPem, true)), "localhost"));
        String reason = RedisFailures.describe(new JedisConnectionException("Failed to create socket.", failure));
        assertTrue(reason.startsWith("BGJ0184E: the TLS handshake with Redis failed ("), reason);
        assertTrue(reason.contains("background-jobs.redis.tls.ca-file"), reason);
    }

    @Test
    void theHostNameIsVerifiedUnlessTurnedOff() throws Exception {
        // The server's certificate names localhost only, not the address 127.0.0.1.
        assertThrows(SSLHandshakeException.class, () -> handshake(RedisTls.of(pemSettings(serverPem, true)), "127.0.0.1"));
        assertEquals("HTTPS", RedisTls.of(pemSettings(serverPem, true)).parameters().getEndpointIdentificationAlgorithm());
        RedisTls unverified = RedisTls.of(pemSettings(serverPem, false));
        assertNull(unverified.parameters().getEndpointIdentificationAlgorithm());
        assertEquals("CN=bgj-client", handshake(unverified, "127.0.0.1"));
    }

    @Test
    void aCaFileWithoutACertificateIsReportedWithItsKey() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        String problem = onlyProblem(() -> RedisTls.of(pemSettings(garbage, true)));
        assertTrue(problem.startsWith("BGJ0183E: configuration background-jobs.redis.tls.ca-file names " + garbage
                + ", which cannot be used: "), problem);
    }

    @Test
    void aKeyThatIsNotPkcs8SaysHowToConvertIt() throws IOException {
        Path rsaKey = Files.writeString(dir.resolve("pkcs1.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        TlsSettings settings = new TlsSettings(Optional.of(serverPem), Optional.empty(), null, "PKCS12",
                Optional.of(clientPem), Optional.of(rsaKey), Optional.empty(), null, "PKCS12", true);
        String problem = onlyProblem(() -> RedisTls.of(settings));
        assertTrue(problem.startsWith("BGJ0183E: configuration background-jobs.redis.tls.key-file names " + rsaKey), problem);
        assertTrue(problem.contains("openssl pkcs8 -topk8 -nocrypt"), problem);
    }

    @Test
    void aWrongStorePasswordIsReportedWithoutThePasswords() {
        String wrong = "WrongSecret1";
        TlsSettings settings = new TlsSettings(Optional.empty(), Optional.of(serverStore), STORE_PASSWORD, "PKCS12",
                Optional.empty(), Optional.empty(), Optional.of(clientStore), wrong, "PKCS12", true);
        String problem = onlyProblem(() -> RedisTls.of(settings));
        assertTrue(problem.startsWith("BGJ0183E: configuration background-jobs.redis.tls.keystore names " + clientStore),
                problem);
        assertFalse(problem.contains(wrong) || problem.contains(STORE_PASSWORD), problem);
    }

    @Test
    void otherFailuresKeepTheirMessage() {
        assertEquals("Connection refused", RedisFailures.describe(new JedisConnectionException("Connection refused")));
    }

    private static String onlyProblem(org.junit.jupiter.api.function.Executable build) {
        List<String> problems = assertThrows(InvalidConfigurationException.class, build).problems();
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    /** Connects to the test server as Jedis does (a plain socket, then TLS over it); answers the client's name as the server saw it. */
    private static String handshake(RedisTls tls, String host) throws Exception {
        Future<String> accepted = ACCEPTOR.submit(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(5_000);
                try {
                    socket.startHandshake();
                    X509Certificate client = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    return client.getSubjectX500Principal().getName();
                } catch (IOException clientGaveUp) {
                    return null;
                }
            }
        });
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
            plain.setSoTimeout(5_000);
            try (SSLSocket socket = (SSLSocket) tls.socketFactory().createSocket(plain, host, server.getLocalPort(), true)) {
                socket.setSSLParameters(tls.parameters());
                socket.startHandshake();
            }
        } finally {
            accepted.get(10, TimeUnit.SECONDS);
        }
        return accepted.get();
    }

    private static Path keytool(String alias, String name, String extension) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", name,
                "-ext", extension, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD).redirectErrorStream(true).start();
        String output;
        try (InputStream in = keytool.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
        return store;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private static Path pem(Path store, String alias, String file) throws Exception {
        return Files.writeString(dir.resolve(file), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(load(store).getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }
}
