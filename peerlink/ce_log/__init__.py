"""The CE log: each member's continuing-education entries, certificates, renewal requirements
and progress toward them. Sits below events, which feed it earned hours through sources.py."""
