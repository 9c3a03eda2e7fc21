package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/Makefile with stand-ins for the container tools (there is no engine on the build machine): which tool it
 * picks, the commands it runs, the .env it writes, what it prints, and that {@code clean} asks before deleting volumes.
 * The stand-ins record their arguments; the PATH holds only them and the few programs the Makefile uses.
 */
class MakefileTest {
  private static final List<String> TOOLS = List.of("bash", "sh", "sed", "od", "tr", "cp", "mv", "seq", "sleep",
      "tail", "grep", "cat", "rm", "mkdir", "env", "dirname");

  @TempDir
  Path dir;
  Path bin;
  Path calls;

  @BeforeEach
  void copyStack() throws IOException {
    if (!Files.isExecutable(Path.of("/usr/bin/make")) && !Files.isExecutable(Path.of("/bin/make"))) {
      Nginx.missing("no make to run examples/Makefile");
    }
    for (String file : List.of("Makefile", "compose.yaml", ".env.example")) {
      Files.copy(Nginx.projectFile("examples/" + file), dir.resolve(file));
    }
    bin = Files.createDirectory(dir.resolve("bin"));
    calls = dir.resolve("calls.log");
    for (String tool : TOOLS) {
      Path real = which(tool);
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    // curl answers readiness at once: the stack "is ready".
    script("curl", "exit 0");
  }

  private static Path which(String tool) {
    for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return Path.of(d, tool);
      }
    }
    throw new AssertionError("no " + tool + " on this machine");
  }

  private void script(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A compose tool that records each call (with BUILDAH_FORMAT) and prints a first-admin line for logs. */
  private void composeTool(String name, boolean dockerPlugin) throws IOException {
    script(name, (dockerPlugin ? "[ \"$1 $2\" = \"compose version\" ] && exit 0\n" : "")
        + "echo \"" + name + " $* [BUILDAH_FORMAT=${BUILDAH_FORMAT:-}]\" >> " + calls + "\n"
        + "case \" $* \" in *\" logs \"*) echo 'latchkey-1 | WARN Created the first administrator '\"'admin'\"' with "
        + "the one-time password xyz' ;; esac\nexit 0");
  }

  private record Result(int exit, String output) {}

  private Result make(String target, String stdin) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(which("make").toString(), "--no-print-directory", "-C", dir.toString(),
        target).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", bin.toString());
    env.put("HOME", dir.toString());
    Process process = pb.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private List<String> calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private String compose(String tool) {
    return tool + " -f " + dir.resolve("compose.yaml") + " -p latchkey";
  }

  @Test
  @DisplayName("make start with docker: .env with generated passwords (owner-only), up, the URL and the admin hint")
  void startWithDocker() throws Exception {
    composeTool("docker", true);
    Result start = make("start", "");
    assertThat(start.exit()).as(start.output()).isZero();
    assertThat(calls()).containsExactly(compose("docker compose") + " up -d --build [BUILDAH_FORMAT=docker]");
    assertThat(start.output()).contains("Latchkey is running: http://localhost")
        .contains("make admin-password");

    Path env = dir.resolve(".env");
    assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String written = Files.readString(env);
    assertThat(written).containsPattern("(?m)^POSTGRES_PASSWORD=[0-9a-f]{48}$")
        .containsPattern("(?m)^REDIS_PASSWORD=[0-9a-f]{48}$").contains("LATCHKEY_PUBLIC_URL=http://localhost\n");
    assertThat(written.lines().filter(l -> l.startsWith("POSTGRES_PASSWORD=")).findFirst().orElseThrow())
        .isNotEqualTo(written.lines().filter(l -> l.startsWith("REDIS_PASSWORD=")).findFirst().orElseThrow()
            .replace("REDIS", "POSTGRES"));

    // A second start keeps .env (and so the passwords the database was created with).
    assertThat(make("start", "").exit()).isZero();
    assertThat(Files.readString(env)).isEqualTo(written);

    Result password = make("admin-password", "");
    assertThat(password.output()).contains("first administrator 'admin' with the one-time password xyz");
    assertThat(make("stop", "").exit()).isZero();
    assertThat(calls()).contains(compose("docker compose") + " stop --timeout 30 [BUILDAH_FORMAT=docker]");
  }

  @Test
  @DisplayName("a set admin password is named instead of the log hint")
  void adminPasswordSet() throws Exception {
    composeTool("docker", true);
    Files.writeString(dir.resolve(".env"), Files.readString(dir.resolve(".env.example"))
        .replace("LATCHKEY_ADMIN_PASSWORD=\n", "LATCHKEY_ADMIN_PASSWORD=chosen-by-the-operator\n")
        .replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=p1\n").replace("REDIS_PASSWORD=\n", "REDIS_PASSWORD=r1\n"));
    Result start = make("start", "");
    assertThat(start.exit()).as(start.output()).isZero();
    assertThat(start.output()).contains("LATCHKEY_ADMIN_PASSWORD from").doesNotContain("chosen-by-the-operator");
  }

  @Test
  @DisplayName("without docker, podman-compose builds (Docker image format, so the image keeps its HEALTHCHECK)")
  void podman() throws Exception {
    composeTool("podman-compose", false);
    Result build = make("build", "");
    assertThat(build.exit()).as(build.output()).isZero();
    assertThat(calls()).containsExactly(compose("podman-compose") + " build latchkey [BUILDAH_FORMAT=docker]");
  }

  @Test
  @DisplayName("with no compose tool at all, a clear message instead of a failing empty command")
  void noTool() throws Exception {
    Result start = make("start", "");
    assertThat(start.exit()).isNotZero();
    assertThat(start.output()).contains("Neither 'docker compose', 'podman-compose' nor 'docker-compose' was found");
    assertThat(dir.resolve(".env")).doesNotExist();
  }

  @Test
  @DisplayName("make clean asks before deleting volumes: anything but 'yes' keeps them")
  void cleanAsks() throws Exception {
    composeTool("docker", true);
    Result kept = make("clean", "no\n");
    assertThat(kept.exit()).as(kept.output()).isZero();
    assertThat(kept.output()).contains("Type 'yes' to delete").contains("Volumes kept.");
    assertThat(calls()).containsExactly(compose("docker compose") + " down --timeout 30 [BUILDAH_FORMAT=docker]");

    Files.delete(calls);
    Result empty = make("clean", "");
    assertThat(empty.output()).contains("Volumes kept.");
    assertThat(calls()).noneMatch(c -> c.contains("--volumes"));

    Files.delete(calls);
    Result deleted = make("clean", "yes\n");
    assertThat(deleted.exit()).as(deleted.output()).isZero();
    assertThat(deleted.output()).contains("Volumes deleted.");
    assertThat(calls()).containsExactly(compose("docker compose") + " down --timeout 30 [BUILDAH_FORMAT=docker]",
        compose("docker compose") + " down --timeout 30 --volumes [BUILDAH_FORMAT=docker]");
  }
}
