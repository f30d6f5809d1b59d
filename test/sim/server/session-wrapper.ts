// The sshd ForceCommand wrapper (perl: starts in ~3 ms without modules, needs no extra package): it reports each exec to the
// control server, puts the front proxy's client address and the management address into SSH_CONNECTION, runs
// the command through the user's login shell exactly as sshd would have, and relays stdin/stdout/stderr while
// capturing stdin and counting stdout for the exec records.

export interface SessionWrapperSpec {
  controlPort: number;
  hostId: string;
  ioDir: string;
  managementAddress: string;
  /** The session PATH (shim dir first): restored before the login shell runs the command, so rc files that
   * prepend to PATH (root's ~/.bashrc on this machine) do it once, as without the wrapper. */
  path: string;
}

/** The wrapper script text. */
export function sessionWrapperScript(spec: SessionWrapperSpec): string {
  const perlString = (value: string): string => `'${value}'`; // safe: no quote or backslash (checked below)
  if (/['\\]/.test(spec.hostId + spec.ioDir + spec.managementAddress + spec.path)) {
    throw new Error("unexpected quote or backslash in a wrapper setting");
  }
  return `#!/usr/bin/perl
# sshd ForceCommand wrapper of the pulumi-freebsd-lagg simulator (test/sim/server/session-wrapper.ts).
use strict;
# Linux values instead of Socket/Fcntl/Errno: loading those modules costs milliseconds on every exec.
my ($PF_INET, $SOCK_STREAM, $IPPROTO_TCP, $TCP_NODELAY) = (2, 1, 6, 1);
my ($F_GETFL, $F_SETFL, $O_NONBLOCK, $EAGAIN) = (3, 4, 2048, 11);

my $CONTROL_PORT = ${spec.controlPort};
my $HOST_ID = ${perlString(spec.hostId)};
my $IO_DIR = ${perlString(spec.ioDir)};
my $MGMT = ${perlString(spec.managementAddress)};
$ENV{PATH} = ${perlString(spec.path)};

my $command = delete $ENV{SSH_ORIGINAL_COMMAND};
my $shell = $ENV{SHELL} || '/bin/sh';
(my $shell_name = $shell) =~ s{.*/}{};
my (undef, $peer_port) = split / /, ($ENV{SSH_CONNECTION} || '127.0.0.1 0');

sub set_connection_env {
    my ($ip, $port) = @_;
    $ENV{SSH_CONNECTION} = "$ip $port $MGMT 22";
    $ENV{SSH_CLIENT} = "$ip $port 22";
}

if (!defined $command) {
    set_connection_env('127.0.0.1', $peer_port);
    exec { $shell } $shell_name or die "$shell: $!\\n";
}

socket(my $ctl, $PF_INET, $SOCK_STREAM, 0) or die "simulator: socket: $!\\n";
connect($ctl, pack('S n C4 x8', $PF_INET, $CONTROL_PORT, 127, 0, 0, 1)) or die "simulator: control server: $!\\n";
setsockopt($ctl, $IPPROTO_TCP, $TCP_NODELAY, 1);
my $rbuf = '';

sub send_fields {
    my $data = join('', map { "$_\\0" } @_);
    while (length $data) {
        my $n = syswrite($ctl, $data);
        die "simulator: write: $!\\n" unless defined $n;
        substr($data, 0, $n) = '';
    }
}

sub read_fields {
    my ($count) = @_;
    my @fields;
    while (@fields < $count) {
        my $i = index($rbuf, "\\0");
        if ($i >= 0) {
            push @fields, substr($rbuf, 0, $i);
            substr($rbuf, 0, $i + 1) = '';
            next;
        }
        my $got = sysread($ctl, $rbuf, 4096, length $rbuf);
        last unless $got;
    }
    return @fields;
}

send_fields('LAGGSIM1', 'exec-start', $HOST_ID, $$, getpgrp(), $peer_port, $command);
my ($answer) = read_fields(1);
exit 255 unless defined $answer && $answer eq 'ok';
my ($sid, $ip, $port) = read_fields(3);
set_connection_env($ip, $port);
$ENV{LAGG_SIM_SESSION_ID} = $sid;

pipe(my $in_r, my $in_w) or die "pipe: $!\\n";
pipe(my $out_r, my $out_w) or die "pipe: $!\\n";
pipe(my $err_r, my $err_w) or die "pipe: $!\\n";
my $pid = fork();
die "fork: $!\\n" unless defined $pid;
if ($pid == 0) {
    open(STDIN, '<&', $in_r) or die "dup: $!\\n";
    open(STDOUT, '>&', $out_w) or die "dup: $!\\n";
    open(STDERR, '>&', $err_w) or die "dup: $!\\n";
    exec { $shell } $shell_name, '-c', $command or do { print STDERR "$shell: $!\\n"; exit 127 };
}
close $in_r; close $out_w; close $err_w;
$SIG{PIPE} = 'IGNORE';
fcntl($in_w, $F_SETFL, fcntl($in_w, $F_GETFL, 0) | $O_NONBLOCK);

my $stdin_path = "$IO_DIR/stdin.$$";
open(my $capture, '>', $stdin_path) or $stdin_path = '';
my ($stdin_open, $in_w_open, $pending, $out_bytes) = (1, 1, '', 0);
my %open = (fileno($out_r) => $out_r, fileno($err_r) => $err_r);
my %to = (fileno($out_r) => \\*STDOUT, fileno($err_r) => \\*STDERR);

sub write_all {
    my ($fh, $data) = @_;
    while (length $data) {
        my $n = syswrite($fh, $data);
        return 0 unless defined $n;
        substr($data, 0, $n) = '';
    }
    return 1;
}

while (%open) {
    my ($rin, $win) = ('', '');
    vec($rin, 0, 1) = 1 if $stdin_open && length($pending) < 1048576;
    vec($rin, $_, 1) = 1 for keys %open;
    vec($win, fileno($in_w), 1) = 1 if $in_w_open && length $pending;
    next if select(my $rout = $rin, my $wout = $win, undef, undef) < 0;
    if (vec($rout, 0, 1)) {
        my $got = sysread(STDIN, my $chunk, 65536);
        if ($got) { $pending .= $chunk; print $capture $chunk if $stdin_path; }
        else { $stdin_open = 0; }
    }
    if ($in_w_open && length $pending && (vec($wout, fileno($in_w), 1) || !$stdin_open)) {
        my $n = syswrite($in_w, $pending);
        if (defined $n) { substr($pending, 0, $n) = ''; }
        elsif ($! != $EAGAIN) { $in_w_open = 0; $pending = ''; }
    }
    if ($in_w_open && !$stdin_open && !length $pending) { close $in_w; $in_w_open = 0; }
    for my $fd (keys %open) {
        next unless vec($rout, $fd, 1);
        my $got = sysread($open{$fd}, my $chunk, 65536);
        if ($got) {
            $out_bytes += $got if $to{$fd} == \\*STDOUT;
            # sshd gone (client vanished): close our read end, so the command's next write gets
            # SIGPIPE exactly as it would writing straight into sshd's closed pipe.
            unless (write_all($to{$fd}, $chunk)) { close $open{$fd}; delete $open{$fd}; }
        } else {
            delete $open{$fd};
        }
    }
}
waitpid($pid, 0);
my $status = $?;
close $capture if $stdin_path;
my $signal = $status & 127;
send_fields('exec-end', $signal ? -$signal : $status >> 8, $out_bytes, $stdin_path);
read_fields(1);
if ($signal) {
    $SIG{PIPE} = 'DEFAULT';
    kill $signal, $$;
}
exit($status >> 8);
`;
}
