@echo off
rem kubectl (1.26 or newer) runs kubectl_complete-csr from PATH to complete "kubectl csr ...";
rem see the kubectl_complete-csr shell script beside this one.
"%~dp0kubectl-csr.exe" __complete %*
