import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.tukaani.xz.XZInputStream;

/**
 * Writes the decompressed bytes of an .xz file to standard output, so that pg-ctl.sh can unpack the
 * PostgreSQL binaries' .txz with a plain `tar -x` on machines without the xz program. Run as a
 * single-file source program: java -cp xz.jar Unxz.java FILE.txz | tar -xf - -C DIR
 */
public class Unxz {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp xz.jar Unxz.java FILE.xz > FILE");
            System.exit(2);
        }
        try (InputStream in = new XZInputStream(new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16))) {
            OutputStream out = System.out;
            in.transferTo(out);
            out.flush();
        }
    }
}
