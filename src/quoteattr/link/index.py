"""placeholder"""
class ClaimIndex: pass
