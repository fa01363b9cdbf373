#!/usr/bin/env bash
# Makes the certificates an OfficeMesh cluster authenticates itself with (README, "Security"):
#   ca.crt / ca.key      the cluster's own certificate authority (keep ca.key offline: whoever holds it
#                        can mint certificates every silo will trust)
#   <name>.crt / .key    a node certificate issued by it, for silos, gateways and the Prometheus that
#                        scrapes silos (server and client authentication)
#
#   deploy/certs/make-certs.sh [DIRECTORY] [NODE_NAME...]
#
# With no names it makes one certificate, "node", that every process of the cluster may share. Run it
# again in the same directory to add nodes: an existing CA is reused, never replaced. Give host names or
# IP addresses as names to have them in the certificate's subjectAltName (OfficeMesh itself checks only
# that a peer's certificate is issued by the CA, not its name).
# The CA must issue certificates for this cluster only. Certificates are valid for DAYS (default 825).
set -euo pipefail

directory=${1:-deploy/certs/out}
shift || true
names=("$@")
[ "${#names[@]}" -gt 0 ] || names=(node)
days=${DAYS:-825}
command -v openssl >/dev/null || { echo "openssl is needed (Debian: apt-get install openssl)" >&2; exit 1; }

mkdir -p "$directory"
umask 077
cd "$directory"

if [ ! -f ca.key ]; then
  openssl ecparam -name prime256v1 -genkey -noout -out ca.key
  openssl req -x509 -new -key ca.key -sha256 -days "$((days + 365))" -out ca.crt \
    -subj "/O=OfficeMesh/CN=OfficeMesh cluster CA $(date +%Y%m%d)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash"
  echo "made the cluster CA: $directory/ca.crt (keep ca.key offline)"
fi

for name in "${names[@]}"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then alt="IP:$name"; else alt="DNS:$name"; fi
  openssl ecparam -name prime256v1 -genkey -noout -out "$name.key"
  openssl req -new -key "$name.key" -subj "/O=OfficeMesh/CN=$name" -out "$name.csr"
  extensions=$(mktemp)
  printf '%s\n' \
    "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=$alt" \
    "authorityKeyIdentifier=keyid" > "$extensions"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
    -extfile "$extensions" -out "$name.crt"
  rm -f "$name.csr" "$extensions"
  chmod 644 "$name.crt"
  # The key stays readable by its owner only: hand it to the user the process runs as, e.g.
  # KEY_OWNER=1654 (the .NET images' app user) or KEY_OWNER=65534 (Prometheus' nobody); needs root.
  [ -z "${KEY_OWNER:-}" ] || chown "$KEY_OWNER" "$name.key"
  echo "made $directory/$name.crt and $name.key"
done
chmod 644 ca.crt

cat <<USAGE
Give every silo and gateway (and the Prometheus scraping silos):
  OfficeMesh__Cluster__Tls__CertificatePath=<dir>/${names[0]}.crt
  OfficeMesh__Cluster__Tls__KeyPath=<dir>/${names[0]}.key
  OfficeMesh__Cluster__Tls__CaPath=<dir>/ca.crt
USAGE
