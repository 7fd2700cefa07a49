package dev.backgroundjobs.it.tls;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.RedisBinaries;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of its own on loopback that speaks only TLS (--port 0 --tls-port P), demands a client certificate
 * of the test CA, and knows the users of its users.acl: {@code default} is off, so every client must log in.
 */
final class TlsRedis implements AutoCloseable {

    final int port;
    final Path dir;
    private final Process process;
    private final TestPki pki;

    private TlsRedis(int port, Path dir, Process process, TestPki pki) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.pki = pki;
    }

    static TlsRedis start(RedisBinaries redis, TestPki pki, Path dir, String usersAcl, String adminUser,
            String adminPassword) throws Exception {
        Files.createDirectories(dir);
        Path acl = Files.writeString(dir.resolve("users.acl"), usersAcl);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(redis.server().toString(), "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", pki.serverPem.toString(), "--tls-key-file",
                pki.serverKey.toString(), "--tls-ca-cert-file", pki.caPem.toString(), "--tls-auth-clients", "yes",
                "--aclfile", acl.toString(), "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        // Should the test JVM end before close(), the Redis must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        TlsRedis started = new TlsRedis(port, dir, process, pki);
        try {
            Await.until("the TLS Redis answers", Duration.ofSeconds(20), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server ended: " + Files.readString(dir.resolve("redis.out"))
                            + Files.readString(dir.resolve("redis.log")));
                }
                try (RedisClient admin = started.connect(adminUser, adminPassword)) {
                    return "PONG".equals(admin.ping());
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
        } catch (Exception | AssertionError e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** A client of this Redis as {@code user}, over TLS with the test CA and the client certificate. */
    RedisClient connect(String user, String password) throws Exception {
        KeyStore client = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.clientStore)) {
            client.load(in, pki.storePassword.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(client, pki.storePassword.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pki.caPem)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
                .clientConfig(DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(context.getSocketFactory())
                        .user(user).password(password).resp2().build())
                .build();
    }

    /** The lines of this Redis's log (it logs failed handshakes). */
    List<String> log() throws Exception {
        return Files.readAllLines(dir.resolve("redis.log"));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
