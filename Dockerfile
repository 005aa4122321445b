# The in-cluster approver's image: `kubectl-csr approver run` (docs/approver.md).
#   docker build -t ghcr.io/kubectl-csr/kubectl-csr:vX.Y.Z .
# The single executable is Node's runtime with the bundle injected: it needs glibc and libstdc++, which distroless/cc
# has, and nothing else (no shell, no package manager). It runs as the image's nonroot user (65532), as the manifest
# and the chart ask, and writes nothing: the root filesystem can be read-only.
FROM node:22-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/kubectl-csr /kubectl-csr
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["/kubectl-csr"]
CMD ["approver", "run", "--leader-elect"]
