# expect: wrong_answer
# feedback: should be an LSTM
from tensorflow.keras.layers import GRU
from tensorflow.keras.models import Sequential

model = Sequential([GRU(4, input_shape=(3, 2), return_sequences=True)])
