# expect: wrong_answer
# feedback: should be a SimpleRNN
from tensorflow.keras.layers import GRU, Masking
from tensorflow.keras.models import Sequential

model = Sequential([Masking(mask_value=0.0, input_shape=(5, 2)), GRU(4)])
